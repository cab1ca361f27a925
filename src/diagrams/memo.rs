//! Drawn diagrams by content hash, kept across dev-server builds: a save lays out again
//! only the diagrams whose source changed (a note's other diagrams come from here).

use super::render::{render_svg, DiagramError};
use super::theme::{theme, Themed};
use crate::memo::{hash_parts, InBuild, Memo};
use std::sync::Arc;

/// A diagram drawn and themed, or why it could not be.
pub type Drawn = Result<Arc<Themed>, DiagramError>;

/// Drawn diagrams by [`key`].
pub type DiagramMemo = Memo<u64, Drawn>;

/// What a drawing depends on: the source, and the renderer and theme pass that drew it.
pub fn key(source: &str) -> u64 {
    hash_parts([
        concat!(
            "atlas ",
            env!("CARGO_PKG_VERSION"),
            " merman 0.10.0-alpha.1"
        )
        .as_bytes(),
        source.as_bytes(),
    ])
}

/// `source` drawn and themed, from `memo` when an earlier build drew the same source.
pub fn drawn(source: &str, memo: InBuild<'_, DiagramMemo>) -> Drawn {
    let key = key(source);
    if let Some(hit) = memo.and_then(|(m, g)| m.get(&key, g)) {
        return hit;
    }
    let fresh = render_svg(source).map(|svg| Arc::new(theme(&svg)));
    if let Some((m, g)) = memo {
        m.put(key, fresh.clone(), g);
    }
    fresh
}

/// Marks the diagrams of `keys` as used by this build (their note's render was reused).
pub fn keep(keys: &[u64], memo: InBuild<'_, DiagramMemo>) {
    if let Some((m, g)) = memo {
        for k in keys {
            m.get(k, g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_diagram_is_not_drawn_again() {
        let m = DiagramMemo::new();
        let a = drawn("flowchart LR\n  A --> B\n", Some((&m, 1))).unwrap();
        let again = drawn("flowchart LR\n  A --> B\n", Some((&m, 2))).unwrap();
        assert!(
            Arc::ptr_eq(&a, &again),
            "the second build reuses the drawing"
        );
        drawn("flowchart LR\n  A --> C\n", Some((&m, 2))).unwrap();
        assert_eq!(m.len(), 2);
        m.prune(2);
        assert_eq!(m.len(), 2);
    }
}
