//! `RestError`: why a REST request did not give the answer asked for.

/// A failed request. Its `Display` is a sentence fit for the console.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestError {
    /// Twilio answered with an error status and, usually, its error body
    /// (<https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions>).
    #[error("Twilio refused ({status}{}): {message}", code.map(|c| format!(", error {c}")).unwrap_or_default())]
    Twilio {
        /// The HTTP status.
        status: u16,
        /// Twilio's error code (e.g. 20404 not found), when the body had one.
        code: Option<u32>,
        /// Twilio's message, or the status' reason when the body had none.
        message: String,
    },
    /// No answer within the timeout (the last attempt's).
    #[error("Twilio did not answer in time")]
    Timeout,
    /// The request could not be sent or its answer not read.
    #[error("could not reach Twilio: {0}")]
    Network(String),
    /// The answer was not the JSON this client reads.
    #[error("Twilio's answer could not be read: {0}")]
    Decode(String),
}

impl RestError {
    /// The HTTP status Twilio answered, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Twilio { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Twilio says the resource does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// Twilio says the call is no longer there to act on: not found, or not in progress
    /// (error 21220, <https://www.twilio.com/docs/api/errors/21220>).
    pub fn is_call_gone(&self) -> bool {
        self.is_not_found()
            || matches!(
                self,
                Self::Twilio {
                    code: Some(21220),
                    ..
                }
            )
    }

    pub(crate) fn from_body(status: u16, body: &str) -> Self {
        #[derive(serde::Deserialize)]
        struct Body {
            code: Option<u32>,
            message: Option<String>,
        }
        let parsed: Option<Body> = serde_json::from_str(body).ok();
        let code = parsed.as_ref().and_then(|b| b.code);
        let message = parsed
            .and_then(|b| b.message)
            .unwrap_or_else(|| format!("HTTP {status}"));
        Self::Twilio {
            status,
            code,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_error_bodies_keep_their_code_and_message() {
        let e = RestError::from_body(
            404,
            r#"{"code": 20404, "message": "The requested resource was not found", "status": 404}"#,
        );
        assert!(e.is_not_found());
        assert_eq!(
            e.to_string(),
            "Twilio refused (404, error 20404): The requested resource was not found"
        );
    }

    #[test]
    fn a_body_that_is_not_twilio_json_still_gives_the_status() {
        let e = RestError::from_body(502, "<html>Bad gateway</html>");
        assert_eq!(e.to_string(), "Twilio refused (502): HTTP 502");
    }
}
