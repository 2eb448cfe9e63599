/* The two static files of the app: the style sheet and a little script
 * (queue keyboard shortcuts, select all, Ctrl+S in the editor). */
#include <string.h>

#include "server/server_int.h"

static const char css[] =
    ":root{--fg:#1b1b1b;--mut:#5d5d5d;--bg:#fff;--acc:#0b5cad;--bad:#a30000;"
    "--ok:#13662d;--line:#ddd}\n"
    "*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,"
    "sans-serif;color:var(--fg);background:var(--bg)}\n"
    "header nav{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;"
    "padding:.6em 1em;border-bottom:1px solid var(--line)}\n"
    "nav a{color:var(--acc);text-decoration:none}nav a[aria-current]{"
    "font-weight:600}.brand{font-weight:700}.grow{flex:1}\n"
    "main{max-width:72em;margin:0 auto;padding:1em}footer{padding:1em;"
    "color:var(--mut);text-align:center;font-size:.9em}\n"
    "form.inline{display:inline}button{font:inherit;padding:.2em .7em;"
    "cursor:pointer}button[aria-pressed]{font-weight:700}\n"
    ".filters label,.actions label{margin-right:.6em}input,select,textarea{"
    "font:inherit;max-width:100%}\n"
    ".inc h2{font-size:1.15em;margin:.8em 0 .1em}.meta{color:var(--mut);"
    "margin:0;font-size:.9em}.notrans{color:var(--mut);font-weight:400}\n"
    ".error{color:var(--bad)}.ok{color:var(--ok)}.pages a{margin-right:1em}"
    "\n.snippet mark{background:#fff3a8;padding:0 "
    ".1em}.langs{display:grid;grid-template-columns:repeat(auto-fit,minmax("
    "20em,1fr));gap:1em 2em}\n"
    "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid"
    " var(--line);padding:.3em .4em;text-align:left;vertical-align:top}\n"
    "tr.cand:focus{outline:2px solid var(--acc)}.why{color:var(--mut);"
    "font-size:.85em}.rel meter{width:4em}\n"
    ".sidebyside{display:grid;grid-template-columns:1fr 1fr;gap:1em}"
    ".editor label{display:block;margin:.4em 0}.editor .sources "
    "label{display:inline}.editor .row label{"
    "display:inline-block;margin-right:1em}\n"
    ".editor input[name^=title],.editor textarea{width:100%}"
    ".theirs{border:1px solid var(--bad);padding:.5em 1em;margin:1em 0}\n"
    ".preview{width:100%;height:70vh;border:1px solid var(--line)}"
    "#history td.old{color:var(--bad)}#history td.new{color:var(--ok)}\n"
    "@media (max-width:40em){.sidebyside{grid-template-columns:1fr}}\n";

static const char js[] =
    "'use strict';\n"
    "(function(){\n"
    "var all=document.getElementById('all');\n"
    "if(all){all.addEventListener('change',function(){\n"
    " document.querySelectorAll('input[name=ids]').forEach(function(b){"
    "b.checked=all.checked;});});}\n"
    "var rows=Array.prototype.slice.call(document.querySelectorAll("
    "'tr.cand'));\n"
    "var cur=-1;\n"
    "function go(i){if(!rows.length)return;cur=Math.max(0,Math.min("
    "rows.length-1,i));rows[cur].focus();}\n"
    "function act(a){var f=document.getElementById('act');if(!f)return;\n"
    " if(cur>=0&&!f.querySelector('input[name=ids]:checked')){"
    "var b=rows[cur].querySelector('input[name=ids]');if(b)b.checked=true;}\n"
    " var btn=f.querySelector('button[value='+a+']');if(btn)btn.click();}\n"
    "document.addEventListener('keydown',function(e){\n"
    " var t=e.target.tagName;\n"
    " if((e.ctrlKey||e.metaKey)&&e.key==='s'){var ed=document."
    "getElementById('editor');if(ed){e.preventDefault();ed.requestSubmit();}"
    "return;}\n"
    " if(t==='INPUT'||t==='TEXTAREA'||t==='SELECT'||e.ctrlKey||e.metaKey||"
    "e.altKey)return;\n"
    " if(!rows.length)return;\n"
    " if(e.key==='j'){go(cur+1);e.preventDefault();}\n"
    " else if(e.key==='k'){go(cur-1);e.preventDefault();}\n"
    " else if(e.key==='x'&&cur>=0){var b=rows[cur].querySelector("
    "'input[name=ids]');if(b)b.checked=!b.checked;e.preventDefault();}\n"
    " else if(e.key==='o'&&cur>=0){var a=rows[cur].querySelector("
    "'td.title a');if(a)location.href=a.href;}\n"
    " else if(e.key==='a'){act('accept');}\n"
    " else if(e.key==='d'){act('dismiss');}\n"
    "});\n"
    "})();\n";

void
kz_h_static(struct kz_req *rq, struct kz_resp *rs)
{
	int is_css = strcmp(rq->path, "/static/app.css") == 0;

	rs->ctype = is_css ? "text/css; charset=utf-8"
	                   : "text/javascript; charset=utf-8";
	kz_outn(rs, is_css ? css : js, is_css ? sizeof css - 1 : sizeof js - 1);
	kz_resp_header(rs, "Cache-Control", "public, max-age=3600");
}
