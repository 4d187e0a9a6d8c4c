//! A span-tracking JSON reader: builds [`Node`]s whose origins cover each value's text
//! (strings including their quotes, containers from bracket to bracket) and records the key
//! list of every container so the writer can tell whether a container kept its shape.

use std::collections::HashMap;

use crate::document::{Entry, Node, Origin, Scalar, StoreError, Style, Value};

/// Deepest nesting accepted, to keep recursion bounded on hostile input.
const MAX_DEPTH: usize = 256;

/// What a value looked like in the source: a container's keys in order or length, or a leaf.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Map(Vec<String>),
    List(usize),
    Leaf,
}

/// One `"key": value` of an object, with the offsets the root rewriter needs.
pub struct Member {
    pub key: String,
    pub key_start: usize,
    pub key_end: usize,
    pub node: Node,
}

pub struct Reader<'a> {
    src: &'a [u8],
    text: &'a str,
    pub pos: usize,
    /// Every value read, by start offset: its end offset and shape.
    pub shapes: HashMap<usize, (usize, Shape)>,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            src: text.as_bytes(),
            text,
            pos: 0,
            shapes: HashMap::new(),
            depth: 0,
        }
    }

    pub fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), StoreError> {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&self, what: &str) -> StoreError {
        if self.pos >= self.src.len() {
            StoreError::at(self.pos, format!("unexpected end of file, expected {what}"))
        } else {
            StoreError::at(self.pos, format!("unexpected character, expected {what}"))
        }
    }

    /// Reads the members of an object whose `{` was just consumed, through its `}`.
    pub fn members(&mut self) -> Result<Vec<Member>, StoreError> {
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(members);
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a string key"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_end = self.pos;
            self.expect(b':', "':' after the key")?;
            let node = self.value()?;
            members.push(Member {
                key,
                key_start,
                key_end,
                node,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(members);
                }
                _ => return Err(self.unexpected("',' or '}'")),
            }
        }
    }

    /// Reads any JSON value, skipping the whitespace before it.
    pub fn value(&mut self) -> Result<Node, StoreError> {
        self.skip_ws();
        let start = self.pos;
        let (value, style) = match self.peek() {
            Some(b'{') | Some(b'[') => return self.container(),
            Some(b'"') => (
                Value::Scalar(Scalar::Str(self.string()?)),
                Style::DoubleQuoted,
            ),
            Some(b'-' | b'0'..=b'9') => (Value::Scalar(self.number()?), Style::Plain),
            Some(b't') => (self.literal("true", Scalar::bool(true))?, Style::Plain),
            Some(b'f') => (self.literal("false", Scalar::bool(false))?, Style::Plain),
            Some(b'n') => (self.literal("null", Scalar::Null)?, Style::Plain),
            _ => return Err(self.unexpected("a value")),
        };
        self.shapes.insert(start, (self.pos, Shape::Leaf));
        let span = start..self.pos;
        Ok(Node::with_origin(value, Origin { span, style }))
    }

    fn container(&mut self) -> Result<Node, StoreError> {
        let start = self.pos;
        if self.depth >= MAX_DEPTH {
            return Err(StoreError::at(start, "nesting is too deep"));
        }
        self.depth += 1;
        let open = self.src[start];
        self.pos += 1;
        let (value, shape) = if open == b'{' {
            let members = self.members()?;
            let keys = members.iter().map(|m| m.key.clone()).collect();
            let entries = members
                .into_iter()
                .map(|m| Entry::Pair(m.key, m.node))
                .collect();
            (Value::Map(entries), Shape::Map(keys))
        } else {
            let items = self.items()?;
            let len = items.len();
            (Value::List(items), Shape::List(len))
        };
        self.depth -= 1;
        self.shapes.insert(start, (self.pos, shape));
        let origin = Origin {
            span: start..self.pos,
            style: Style::Plain,
        };
        Ok(Node::with_origin(value, origin))
    }

    fn items(&mut self) -> Result<Vec<Node>, StoreError> {
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(items);
                }
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
    }

    fn literal(&mut self, word: &str, scalar: Scalar) -> Result<Value, StoreError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(Value::Scalar(scalar))
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - from
    }

    fn number(&mut self) -> Result<Scalar, StoreError> {
        let start = self.pos;
        let bad = |at: usize| StoreError::at(at, "invalid number");
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_len = self.digits();
        if int_len == 0 || (int_len > 1 && self.src[int_start] == b'0') {
            return Err(bad(start));
        }
        let mut integral = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integral = false;
            if self.digits() == 0 {
                return Err(bad(start));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            integral = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(bad(start));
            }
        }
        let text = &self.text[start..self.pos];
        if integral && let Ok(value) = text.parse::<i64>() {
            return Ok(Scalar::Int {
                value,
                text: text.to_string(),
            });
        }
        match text.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(Scalar::Float {
                value,
                text: text.to_string(),
            }),
            _ => Err(StoreError::at(start, "number is out of range")),
        }
    }

    /// Reads a string literal at `pos` (which holds its `"`) and decodes its escapes.
    pub fn string(&mut self) -> Result<String, StoreError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None => return Err(StoreError::at(open, "unterminated string")),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.pos]);
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                Some(b) if b < 0x20 => {
                    return Err(StoreError::at(self.pos, "control character in string"));
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), StoreError> {
        let at = self.pos;
        let code = self.src.get(at + 1).copied();
        self.pos += 2;
        let c = match code {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => self.unicode_escape(at)?,
            _ => return Err(StoreError::at(at, "invalid escape in string")),
        };
        out.push(c);
        Ok(())
    }

    /// Decodes `\uXXXX` (and a following low surrogate); lone surrogates become U+FFFD as Go does.
    fn unicode_escape(&mut self, at: usize) -> Result<char, StoreError> {
        let first = self.hex4(at)?;
        if !(0xD800..0xDC00).contains(&first) {
            return Ok(char::from_u32(first).unwrap_or('\u{FFFD}'));
        }
        if self.src[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let second = self.hex4(save)?;
            if (0xDC00..0xE000).contains(&second) {
                let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.pos = save;
        }
        Ok('\u{FFFD}')
    }

    fn hex4(&mut self, at: usize) -> Result<u32, StoreError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| StoreError::at(at, "invalid \\u escape in string"))?;
        let value = u32::from_str_radix(digits, 16)
            .map_err(|_| StoreError::at(at, "invalid \\u escape in string"))?;
        self.pos += 4;
        Ok(value)
    }
}
