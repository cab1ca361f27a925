//! Draws every mermaid block of a content directory and prints the time each took:
//! `cargo run --release --example diagrams -- content out-dir`.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "content".into());
    let out = args.next().map(std::path::PathBuf::from);
    let mut times = Vec::new();
    let mut failed = 0;
    let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut n = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for block in text.split("```mermaid\n").skip(1) {
            let src = block.split("```").next().unwrap_or("");
            n += 1;
            let start = Instant::now();
            let r = atlas::diagrams::render_svg(src);
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            match r {
                Ok(svg) => {
                    times.push(ms);
                    if let Some(o) = &out {
                        std::fs::create_dir_all(o).unwrap();
                        std::fs::write(o.join(format!("{n:03}.svg")), svg).unwrap();
                    }
                }
                Err(e) => {
                    failed += 1;
                    println!("{}: {e}", f.display());
                }
            }
        }
    }
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    let max = times.iter().cloned().fold(0.0, f64::max);
    println!(
        "{} diagrams, {failed} failed; {mean:.2} ms mean, {max:.2} ms max",
        n
    );
}
