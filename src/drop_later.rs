//! Large values (a whole site graph, the memo maps of the last build, the
//! files of the last served site) dropped on a thread of their own, off the
//! path from a save to the reload. Freeing the tens of thousands of strings
//! and maps of a 10,000-article site took 20–40 ms of every rebuild in
//! `serve`. Dropping later changes no output: nothing reads a value once it
//! is handed here.

use std::any::Any;
use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};

/// The dropping thread's inbox; `None` when the thread could not be started.
static INBOX: OnceLock<Option<Sender<Box<dyn Any + Send>>>> = OnceLock::new();

/// Drops `value` on the dropping thread, or here when there is none.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let inbox = INBOX.get_or_init(|| {
        let (tx, rx) = channel::<Box<dyn Any + Send>>();
        let spawned = std::thread::Builder::new().name("dermis-drop".into()).spawn(move || {
            for value in rx {
                drop(value);
            }
        });
        spawned.ok().map(|_| tx)
    });
    let Some(inbox) = inbox else { return };
    // A closed inbox hands the value back, and it is dropped here.
    let _ = inbox.send(Box::new(value));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::mpsc::sync_channel;

    /// Sends on a channel when dropped.
    struct Tells(std::sync::mpsc::SyncSender<std::thread::ThreadId>);

    impl Drop for Tells {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }

    #[test]
    fn values_are_dropped_on_another_thread() {
        let (tx, rx) = sync_channel(1);
        drop_later(Tells(tx));
        let dropped_on = rx.recv().expect("the value is dropped");
        assert_ne!(dropped_on, std::thread::current().id());
    }

    #[test]
    fn a_shared_value_lives_while_others_hold_it() {
        let shared = Arc::new(vec![1, 2, 3]);
        drop_later(shared.clone());
        assert_eq!(*shared, vec![1, 2, 3]);
    }
}
