//! A fast hash for maps the build fills from its own output: the search
//! index's many short words and the link check's shared pieces of HTML.
//! std's SipHash guards a map against keys chosen to collide, which a build
//! of the site's own text does not need, and it took about a fifth of the
//! search indexing time. This is FxHash, the multiply-and-rotate hash rustc uses
//! for its own tables (the `rustc-hash` crate), in a few lines rather than
//! one more dependency. Nothing iterates these maps in hash order into the
//! output: the index sorts what it writes.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_near_keys_apart() {
        let hash = |s: &str| {
            let mut h = FxHasher::default();
            std::hash::Hash::hash(s, &mut h);
            h.finish()
        };
        assert_eq!(hash("herstel"), hash("herstel"));
        let mut seen = FastSet::default();
        for w in
            ["herstel", "herstelt", "herstellen", "a", "b", "ab", "ba", "ervaringsdeskundige", "ervaringsdeskundigen"]
        {
            assert!(seen.insert(hash(w)), "{w} collides");
        }
    }
}
