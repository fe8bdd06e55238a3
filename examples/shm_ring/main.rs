//! A shared-memory ring buffer between two simulated processes, producer and consumer taking
//! turns on one thread, against `winsection::sys` (the ring itself, `ring.rs`, is plain
//! windows-sys code).
//!
//! `cargo run --example shm_ring`

#[cfg(target_os = "linux")]
mod ring;

#[cfg(target_os = "linux")]
fn main() {
    use winsection::sys;
    sys::reset();
    let producer = sys::spawn("producer.exe").unwrap_or_else(|e| panic!("{e}"));
    let consumer = sys::spawn("consumer.exe").unwrap_or_else(|e| panic!("{e}"));
    let tx = {
        let _p = sys::enter(producer);
        ring::Ring::create("Local\\ring", 4096).unwrap_or_else(|e| panic!("create: {e}"))
    };
    let rx = {
        let _c = sys::enter(consumer);
        ring::Ring::open("Local\\ring").unwrap_or_else(|e| panic!("open: {e}"))
    };
    let text = b"The quick brown fox jumps over the lazy dog. ".repeat(200);
    let (mut sent, mut received, mut turns) = (0usize, Vec::new(), 0);
    while received.len() < text.len() {
        {
            let _p = sys::enter(producer);
            sent += tx.push(text.get(sent..).unwrap_or(&[]));
        }
        {
            let _c = sys::enter(consumer);
            let mut buf = [0u8; 1000];
            let n = rx.pop(&mut buf);
            received.extend_from_slice(buf.get(..n).unwrap_or(&[]));
        }
        turns += 1;
    }
    println!(
        "{} bytes through a {}-byte ring in {turns} turns; intact: {}",
        received.len(),
        tx.capacity(),
        received == text
    );
    if let Some(Err(e)) = sys::with_system(|s| s.check()) {
        panic!("System::check: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("winsection::sys needs the host memory backend (Linux)");
}
