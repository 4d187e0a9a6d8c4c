//! git integration: the attributes and config that route sealed files through hush
//! ([`setup`]), the diff text converter that shows them decrypted ([`textconv`]) and the
//! merge driver that merges them at the value level ([`merge_driver`]), with the three-way
//! merge of their recipients and data key ([`merge_keys`]).

pub mod merge_driver;
pub mod merge_keys;
pub mod setup;
pub mod textconv;
