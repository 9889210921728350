//! Whether this browser can place and receive calls right now, as the status light shows it.

/// The device's status. `Ready` means registered: incoming calls reach this tab. Anything the
/// SDK reports that makes that untrue moves it out of `Ready`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum DeviceStatus {
    /// No device: the user has not pressed "Go online" (or went offline).
    #[default]
    Offline,
    /// Created and registering (or re-registering).
    Connecting,
    /// Registered: calls can be placed and received.
    Ready,
    /// Not able to receive calls, for the reason given (plain words).
    Failed(String),
    /// Another tab of the same user took over; only one device per user rings.
    InAnotherTab,
}

impl DeviceStatus {
    /// The words beside the status light.
    pub fn label(&self) -> String {
        match self {
            Self::Offline => "Offline".into(),
            Self::Connecting => "Connecting…".into(),
            Self::Ready => "Ready".into(),
            Self::Failed(reason) => format!("Error: {reason}"),
            Self::InAnotherTab => "Active in another tab".into(),
        }
    }

    /// The `data-state` attribute the stylesheet colours the light by.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Offline => "offline",
            Self::Connecting => "connecting",
            Self::Ready => "ready",
            Self::Failed(_) => "error",
            Self::InAnotherTab => "elsewhere",
        }
    }

    /// Whether "Go online" makes sense (no device, or a dead one).
    pub fn can_go_online(&self) -> bool {
        matches!(self, Self::Offline | Self::Failed(_) | Self::InAnotherTab)
    }
}
