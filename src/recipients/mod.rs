//! PLACEHOLDER: master-key wrapping.
