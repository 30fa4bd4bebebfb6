//! The compact encoding values cross the JNI boundary in, both ways.
//!
//! One tag byte, then the payload, little-endian:
//! `0` NULL, `1` INTEGER (i64), `2` REAL (f64), `3` TEXT (u32 length + UTF-8), `4` BLOB (u32 length
//! + bytes). Parameters arrive as a sequence of values; rows leave as a sequence of values, row after
//! row. Text is real UTF-8 here, never JNI's modified UTF-8.

use crate::error::{Error, Result};
use turso_core::{Numeric, Value};

pub const NULL: u8 = 0;
pub const INTEGER: u8 = 1;
pub const REAL: u8 = 2;
pub const TEXT: u8 = 3;
pub const BLOB: u8 = 4;

/// Appends one value to `out`; the engine's row values are encoded where they are, never copied.
pub fn encode(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.push(NULL),
        Value::Numeric(Numeric::Integer(i)) => integer(*i, out),
        Value::Numeric(Numeric::Float(f)) => {
            out.push(REAL);
            out.extend_from_slice(&f64::from(*f).to_le_bytes());
        }
        Value::Text(s) => text(s.as_str(), out),
        Value::Blob(b) => encode_bytes(BLOB, b, out),
    }
}

pub fn integer(i: i64, out: &mut Vec<u8>) {
    out.push(INTEGER);
    out.extend_from_slice(&i.to_le_bytes());
}

pub fn text(s: &str, out: &mut Vec<u8>) {
    encode_bytes(TEXT, s.as_bytes(), out);
}

pub fn optional_integer(i: Option<i64>, out: &mut Vec<u8>) {
    match i {
        Some(i) => integer(i, out),
        None => out.push(NULL),
    }
}

pub fn optional_text(s: Option<&str>, out: &mut Vec<u8>) {
    match s {
        Some(s) => text(s, out),
        None => out.push(NULL),
    }
}

fn encode_bytes(tag: u8, bytes: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Reads every value of `input`; anything malformed is an INVALID_PARAM error, never a panic.
pub fn decode_all(mut input: &[u8]) -> Result<Vec<Value>> {
    // Exact when every parameter is a number (9 bytes each), the common case.
    let mut values = Vec::with_capacity(input.len().div_ceil(9));
    while !input.is_empty() {
        let (value, rest) = decode_one(input)?;
        values.push(value);
        input = rest;
    }
    Ok(values)
}

/// The parameter sets of a batch: each is a u32 byte length, then that many bytes of encoded values.
pub fn batch_elements(mut input: &[u8]) -> impl Iterator<Item = Result<&[u8]>> {
    std::iter::from_fn(move || {
        if input.is_empty() {
            return None;
        }
        let element = take(input, 4).and_then(|(len, rest)| {
            take(rest, u32::from_le_bytes(len.try_into().unwrap()) as usize)
        });
        Some(match element {
            Ok((element, rest)) => {
                input = rest;
                Ok(element)
            }
            Err(e) => {
                input = &[];
                Err(e)
            }
        })
    })
}

fn decode_one(input: &[u8]) -> Result<(Value, &[u8])> {
    let (&tag, rest) = input.split_first().ok_or_else(truncated)?;
    match tag {
        NULL => Ok((Value::Null, rest)),
        INTEGER => {
            let (bytes, rest) = take(rest, 8)?;
            Ok((Value::from_i64(i64::from_le_bytes(bytes.try_into().unwrap())), rest))
        }
        REAL => {
            let (bytes, rest) = take(rest, 8)?;
            let real = f64::from_le_bytes(bytes.try_into().unwrap());
            if real.is_nan() {
                return Err(Error::invalid_param("NaN cannot be stored"));
            }
            Ok((Value::from_f64(real), rest))
        }
        TEXT | BLOB => {
            let (len, rest) = take(rest, 4)?;
            let len = u32::from_le_bytes(len.try_into().unwrap()) as usize;
            let (bytes, rest) = take(rest, len)?;
            let value = if tag == TEXT {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| Error::invalid_param("text parameter is not valid UTF-8"))?;
                Value::build_text(text.to_owned())
            } else {
                Value::from_blob(bytes.to_vec())
            };
            Ok((value, rest))
        }
        other => Err(Error::invalid_param(format!("unknown parameter tag {other}"))),
    }
}

fn take(input: &[u8], n: usize) -> Result<(&[u8], &[u8])> {
    if input.len() < n {
        return Err(truncated());
    }
    Ok(input.split_at(n))
}

fn truncated() -> Error {
    Error::invalid_param("truncated parameter buffer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_kind() {
        let values = vec![
            Value::Null,
            Value::from_i64(i64::MIN),
            Value::from_f64(-0.0),
            Value::build_text("😀a\0b"),
            Value::from_blob(vec![0, 255]),
        ];
        let mut buf = Vec::new();
        values.iter().for_each(|v| encode(v, &mut buf));
        assert_eq!(decode_all(&buf).unwrap(), values);
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        assert!(decode_all(&[TEXT, 9, 0, 0, 0, b'a']).is_err());
        assert!(decode_all(&[INTEGER, 1]).is_err());
        assert!(decode_all(&[42]).is_err());
        assert!(decode_all(&[TEXT, 2, 0, 0, 0, 0xff, 0xfe]).is_err());
        let mut nan = vec![REAL];
        nan.extend_from_slice(&f64::NAN.to_le_bytes());
        assert!(decode_all(&nan).is_err());
    }

    #[test]
    fn splits_batches_and_stops_at_a_truncated_element() {
        let batch = [1, 0, 0, 0, NULL, 0, 0, 0, 0, 9, 0, 0, 0, NULL];
        let elements: Vec<_> = batch_elements(&batch).collect();
        assert_eq!(elements.len(), 3);
        assert_eq!(elements[0].as_ref().unwrap(), &[NULL]);
        assert!(elements[1].as_ref().unwrap().is_empty());
        assert!(elements[2].is_err());
    }
}
