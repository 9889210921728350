//! The gateway's error codes, which the SDK maps to its own errors.

/// Gateway error codes the SDK maps to its own errors (`Device._onSignalingError` in the SDK's
/// `lib/twilio/device.ts`; table in `docs/twilio-signaling.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayError {
    /// 31201: authentication failed (e.g. a call before `listen`).
    AuthenticationFailed,
    /// 31204: the token is not a valid JWT for this account.
    TokenInvalid,
    /// 31205: the token has expired.
    TokenExpired,
    /// 31002: the call could not be placed (no outgoing grant, bad application).
    CallFailed,
    /// 31486: the callee is busy (`<Reject reason="busy">`, or every device declined).
    Busy,
    /// 31603: the call was declined (`<Reject>`).
    Declined,
    /// 31000: anything else.
    Unknown,
}

impl GatewayError {
    /// The numeric code on the wire.
    pub fn code(self) -> u32 {
        match self {
            Self::AuthenticationFailed => 31201,
            Self::TokenInvalid => 31204,
            Self::TokenExpired => 31205,
            Self::CallFailed => 31002,
            Self::Busy => 31486,
            Self::Declined => 31603,
            Self::Unknown => 31000,
        }
    }
}
