//! `winsection report SCENARIO -o OUT.html`: one self-contained HTML page (no network, no
//! server, no Graphviz) that teaches a scenario step by step: the narrated trace on the left,
//! and for every statement the machine state after it as an SVG picture the program draws
//! ([`svg`]), with a slider (and the arrow keys) to step through; the current statement is
//! highlighted and what changed since the previous step stands out (orange).
//!
//! The page holds one picture per statement, so a report is limited to
//! [`MAX_REPORT_STEPS`] statements (a teaching scenario has a few dozen).

pub mod svg;

use std::fmt::Write;

use crate::scenario::narrate::Narrator;
use crate::scenario::{interpreter::Runner, printer, ScriptError, Statements};

/// The most statements one report shows.
pub const MAX_REPORT_STEPS: usize = 2000;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page for the scenario `source` (named `title`): the HTML, or the script errors (the
/// check comes first, as for `run`), or a message when it is too long for a report.
pub fn report(title: &str, source: &[u8]) -> Result<String, Result<Vec<ScriptError>, String>> {
    crate::scenario::check_all(source).map_err(Ok)?;
    let mut narrator = Narrator::new(std::io::BufReader::new(source));
    let mut statements = Statements::new(source);
    let mut runner: Option<Runner> = None;
    let mut trace = String::new();
    let mut figures = String::new();
    let mut before = svg::Seen::new();
    let mut step = 0usize;
    while let Some(stmt) = statements.next() {
        let stmt = stmt.map_err(|e| Ok(vec![e]))?;
        if step >= MAX_REPORT_STEPS {
            return Err(Err(format!(
                "a report shows at most {MAX_REPORT_STEPS} statements; this scenario has more"
            )));
        }
        let r = runner.get_or_insert_with(|| Runner::new(statements.config().clone()));
        let record = r.step(&stmt);
        let narration = narrator.before(record.line);
        let narration = narration.trim_matches('\n');
        if !narration.is_empty() {
            let _ = write!(trace, "<li class=\"narration\">{}</li>", esc(narration));
        }
        let text = printer::record_text(&record);
        let failed = text.lines().next().is_some_and(|l| l.contains("FAILED"));
        let _ = write!(
            trace,
            "<li class=\"stmt{}\" data-step=\"{step}\"><pre>{}</pre></li>",
            if failed { " failed" } else { "" },
            esc(text.trim_end())
        );
        let picture = svg::Picture::of(r.system());
        let _ = write!(
            figures,
            "<figure class=\"step\" data-step=\"{step}\"{}><figcaption>after line {}: {}</figcaption>{}</figure>",
            if step == 0 { "" } else { " hidden" },
            record.line,
            esc(&record.statement),
            picture.svg(&before)
        );
        before = picture.seen();
        step += 1;
    }
    let rest = narrator.rest();
    let rest = rest.trim_matches('\n');
    if !rest.is_empty() {
        let _ = write!(trace, "<li class=\"narration\">{}</li>", esc(rest));
    }
    let summary = runner.map(|r| printer::summary_text(&r.finish().0));
    let last = step.saturating_sub(1);
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>winsection: {title}</title><style>{STYLE}</style></head>\
         <body data-step=\"0\"><header><h1>{title}</h1>\
         <button id=\"prev\" type=\"button\">&#9664;</button>\
         <input id=\"slider\" type=\"range\" min=\"0\" max=\"{last}\" value=\"0\" aria-label=\"step\">\
         <button id=\"next\" type=\"button\">&#9654;</button> <span id=\"where\"></span>\
         <span class=\"hint\">arrow keys step; orange = changed by this statement</span></header>\
         <main><ul id=\"trace\">{trace}<li class=\"summary\"><pre>{}</pre></li></ul>\
         <section id=\"pictures\">{figures}</section></main>\
         <script>{SCRIPT}</script></body></html>\n",
        esc(&summary.unwrap_or_default()),
        title = esc(title),
    ))
}

const STYLE: &str = "body{font-family:sans-serif;margin:0}header{position:sticky;top:0;background:#fafafa;\
border-bottom:1px solid #ddd;padding:6px 12px}h1{font-size:16px;display:inline;margin-right:12px}\
#slider{width:40%;vertical-align:middle}.hint{color:#888;font-size:12px;margin-left:12px}\
main{display:flex;align-items:flex-start}#trace{width:40%;max-height:calc(100vh - 50px);overflow:auto;\
margin:0;padding:8px;font-size:12px}#trace pre{margin:0;white-space:pre-wrap}\
li.narration{list-style:none;color:#555;white-space:pre-wrap;font-family:monospace;margin:8px 0 2px 0}\
li.stmt{list-style:none;cursor:pointer;padding:1px 4px}li.stmt.current{background:#ffe9b3;outline:1px solid #e0a000}\
li.failed pre{color:#b00000}li.summary{list-style:none;margin-top:8px;font-weight:bold}\
#pictures{flex:1;overflow:auto;padding:8px}figcaption{font-family:monospace;font-size:12px;margin-bottom:4px}\
svg text{font-family:monospace;font-size:11px}svg text.title{font-weight:bold;font-family:sans-serif}\
svg text.none{fill:#999}g.item rect{stroke:#888}g.changed rect{stroke:#e07000;stroke-width:3}";

const SCRIPT: &str = "(function(){\
var figs=Array.prototype.slice.call(document.querySelectorAll('figure.step'));\
var items=Array.prototype.slice.call(document.querySelectorAll('li.stmt'));\
var slider=document.getElementById('slider');var where=document.getElementById('where');\
function show(i){if(!figs.length){return;}i=Math.max(0,Math.min(figs.length-1,i|0));\
figs.forEach(function(f,k){f.hidden=k!==i;});\
items.forEach(function(li,k){li.classList.toggle('current',k===i);});\
slider.value=String(i);document.body.setAttribute('data-step',String(i));\
where.textContent='step '+(i+1)+' of '+figs.length;\
if(items[i]&&items[i].scrollIntoView){items[i].scrollIntoView({block:'nearest'});}}\
slider.addEventListener('input',function(){show(+slider.value);});\
document.getElementById('prev').addEventListener('click',function(){show(+slider.value-1);});\
document.getElementById('next').addEventListener('click',function(){show(+slider.value+1);});\
document.addEventListener('keydown',function(e){if(e.key==='ArrowRight'){show(+slider.value+1);}\
if(e.key==='ArrowLeft'){show(+slider.value-1);}});\
items.forEach(function(li,k){li.addEventListener('click',function(){show(k);});});\
var m=/step=(\\d+)/.exec(location.hash);show(m?+m[1]:0);\
document.body.setAttribute('data-ready','1');})();";
