//! Typed indexes: a page is named by a `PageId`, a heading of a page by a
//! `HeadingId`, and each is looked up only in the list it indexes. Both used
//! to be plain `usize`s, next to the indexes of recommendations,
//! assignments and audiences, and nothing stopped one being used for another.

use std::marker::PhantomData;
use std::ops::Index;

/// An index into one kind of list.
pub trait Id: Copy {
    fn from_index(i: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(u32);

        impl Id for $name {
            fn from_index(i: usize) -> Self {
                $name(u32::try_from(i).expect(concat!("fewer than 2^32 of ", stringify!($name))))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A page of the site, in `Site::pages` (reading order).
    PageId
);
id_type!(
    /// A heading of one page, in that page's `Page::headings` (document
    /// order). Only meaningful together with its page.
    HeadingId
);

/// A list indexed by `I` only.
#[derive(Debug, Clone)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn() -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Every item with its id, in order.
    pub fn with_ids(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator + '_ {
        self.items.iter().enumerate().map(|(i, t)| (I::from_index(i), t))
    }

    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + use<I, T> {
        (0..self.items.len()).map(I::from_index)
    }

    /// The items up to and including `id`, nearest first.
    pub fn back_from(&self, id: I) -> impl Iterator<Item = (I, &T)> + '_ {
        self.with_ids().take(id.index() + 1).rev()
    }

    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<I, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec { items: Vec::new(), id: PhantomData }
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IdVec { items, id: PhantomData }
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<'a, I, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<I, T: serde::Serialize> serde::Serialize for IdVec<I, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_order_of_the_list() {
        let mut v: IdVec<PageId, &str> = IdVec::default();
        let a = v.push("a");
        let b = v.push("b");
        assert!(a < b);
        assert_eq!((v[a], v[b]), ("a", "b"));
        assert_eq!(v.ids().collect::<Vec<_>>(), [a, b]);
        assert_eq!(v.back_from(b).map(|(_, t)| *t).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(v.back_from(a).count(), 1);
        assert_eq!(v.get(PageId::from_index(2)), None);
    }
}
