//! `Role`: what a member of a show is to it, the host (talent) or a screener (producer).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A show member's role, as in the pro systems' talent / producer split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The DJ ("talent"): puts callers on air and takes them off.
    Host,
    /// The producer: answers, screens and lines callers up, never airs or drops the on-air one.
    Screener,
}

/// A stored role spelled in a way this version does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a role (host or screener)")]
pub struct UnknownRole(pub String);

impl Role {
    /// The spelling stored in the database and used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Host => "host",
            Self::Screener => "screener",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "host" => Ok(Self::Host),
            "screener" => Ok(Self::Screener),
            other => Err(UnknownRole(other.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_spelling() {
        for role in [Role::Host, Role::Screener] {
            assert_eq!(role.as_str().parse(), Ok(role));
        }
        assert_eq!(
            "producer".parse::<Role>().unwrap_err().to_string(),
            "\"producer\" is not a role (host or screener)"
        );
    }
}
