//! Prints the JSON trace's schema (docs/trace-json.schema.json):
//! `cargo run --example trace_schema > docs/trace-json.schema.json`.

fn main() {
    let schema = winsection::scenario::schema::trace_line_schema();
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("cannot serialise the schema: {e}");
            std::process::exit(1);
        }
    }
}
