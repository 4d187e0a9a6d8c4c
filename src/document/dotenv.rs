//! PLACEHOLDER until the dotenv store lands.
use super::{Document, Node, Parsed, StoreError};
#[derive(Clone, Debug, Default)]
pub struct Layout;
pub fn parse(_src: &[u8]) -> Result<Parsed, StoreError> {
    Err(StoreError::whole("dotenv store not built yet"))
}
pub fn emit_lossless(
    _d: &Document,
    _l: &Layout,
    _m: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    Err(StoreError::whole("not built"))
}
pub fn emit_fresh(_b: &[Node], _m: Option<&serde_json::Value>) -> Result<Vec<u8>, StoreError> {
    Err(StoreError::whole("not built"))
}
