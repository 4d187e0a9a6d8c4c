//! AWS SDK setup: the default credential chain as the AWS CLI reads it (environment,
//! shared config and credentials files, SSO and `credential_process` profiles, web
//! identity, ECS/EC2 metadata), `AWS_ENDPOINT_URL` (or `AWS_ENDPOINT_URL_<SERVICE>`)
//! redirecting the calls, and SDK errors described with the service's code and a hint.

use aws_config::{BehaviorVersion, SdkConfig};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::recipients::service::error_chain;

/// The shared SDK configuration: `region` when given (else the chain's), `profile` when
/// given (else `AWS_PROFILE` or the default profile).
pub async fn sdk_config(region: Option<String>, profile: Option<&str>) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(region) = region {
        loader = loader.region(aws_config::Region::new(region));
    }
    if let Some(profile) = profile {
        loader = loader.profile_name(profile);
    }
    loader.load().await
}

/// The service's code and message with `hint(code)` appended, or the transport failure
/// (missing credentials told apart from an unreachable `service`).
pub fn describe_sdk_error<E, R>(
    error: &SdkError<E, R>,
    service: &str,
    hint: fn(&str) -> &'static str,
) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error {
        SdkError::ServiceError(e) => {
            let code = e.err().code().unwrap_or("error");
            let message = e.err().message().unwrap_or("no message");
            format!("{code}: {message}{}", hint(code))
        }
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            let chain = error_chain(error);
            if chain.contains("credential") {
                format!(
                    "no usable AWS credentials ({chain}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`"
                )
            } else {
                format!("cannot reach {service}: {chain}")
            }
        }
        _ => error_chain(error),
    }
}

/// The service error's code (`ResourceNotFoundException`…), if the service answered.
pub fn error_code<E, R>(error: &SdkError<E, R>) -> Option<&str>
where
    E: ProvideErrorMetadata,
{
    match error {
        SdkError::ServiceError(e) => e.err().code(),
        _ => None,
    }
}
