//! `-o go-template=…`: the part of Go's `text/template` that people type at kubectl.
//!
//! kubectl (`cli-runtime/pkg/printers/template.go`) marshals the object to JSON,
//! unmarshals it into `map[string]interface{}` (every number a float64) and runs the
//! template named `output` on it with missing keys allowed. Supported: text, `{{.a.b}}`,
//! `{{.}}`, `$`/`$x` variables, string/raw/number/bool literals, pipelines with `|`,
//! `{{if}}`/`{{else if}}`/`{{else}}`, `{{range}}` (with `$i, $e :=`), `{{with}}`,
//! comments, `{{-`/`-}}` trimming, and the functions `and or not len index eq ne lt le
//! gt ge print println printf`. Values print as Go's `fmt.Print` prints them
//! (`3`, `1e+06`, `map[a:1]`, `[x y]`, `<no value>` for a missing key).
//!
//! No crate was used: crates.io could not be searched from here and the one candidate
//! (`gtmpl`) was not in the local registry cache; this module is small and tested.
//!
//! Hostile input is bounded: nesting deeper than [`MAX_DEPTH`] is a parse error and
//! output beyond [`MAX_OUTPUT`] bytes an execution error.

use serde_json::Value;

/// Deepest nesting of `if`/`range`/`with` blocks and parentheses accepted.
const MAX_DEPTH: usize = 100;
/// Largest output produced before execution stops with an error.
const MAX_OUTPUT: usize = 16 << 20;

/// Why a template failed: kubectl words the two differently.
#[derive(Debug, PartialEq)]
pub enum TemplateError {
    /// The template does not parse (`template: output:1: …`).
    Parse(String),
    /// The template parsed but failed on the data.
    Exec(String),
}

impl TemplateError {
    /// The message kubectl prints for `template`.
    pub fn kubectl_message(&self, template: &str) -> String {
        match self {
            TemplateError::Parse(m) => format!("error: error parsing template {template}, {m}"),
            TemplateError::Exec(m) => format!("error: error executing template {template:?}: {m}"),
        }
    }
}

/// Checks that `template` parses (kubectl builds its printer before fetching objects).
pub fn check(template: &str) -> Result<(), TemplateError> {
    Parser::new(template)
        .parse()
        .map(drop)
        .map_err(TemplateError::Parse)
}

/// Runs `template` on `data` (the tests' entry point; kubectl's is [`kubectl_print`]).
#[cfg(test)]
pub fn execute(template: &str, data: &Value) -> Result<String, TemplateError> {
    let (out, r) = execute_partial(template, data);
    r.map(|()| out)
}

/// Runs `template` on `data`, keeping what was written before a failure: Go's
/// template writes as it goes.
fn execute_partial(template: &str, data: &Value) -> (String, Result<(), TemplateError>) {
    let nodes = match Parser::new(template).parse() {
        Ok(n) => n,
        Err(e) => return (String::new(), Err(TemplateError::Parse(e))),
    };
    let mut ex = Exec {
        src: template,
        out: String::new(),
        vars: vec![("$".to_string(), V::Ref(data))],
    };
    let r = ex.run(&nodes, V::Ref(data)).map_err(TemplateError::Exec);
    (ex.out, r)
}

/// What kubectl's `GoTemplatePrinter` writes: the output, and on an execution error
/// the output so far followed by its debugging block (on stdout), plus the error line.
pub fn kubectl_print(template: &str, data: &Value) -> (String, Option<String>) {
    match execute_partial(template, data) {
        (out, Ok(())) => (out, None),
        (mut out, Err(e)) => {
            if let TemplateError::Exec(m) = &e {
                out.push_str(&format!(
                    "Error executing template: {m}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\traw data was:\n\t\t{}\n\tobject given to template engine was:\n\t\t{}\n\n",
                    super::serial::to_json_compact(data),
                    go_value(data, false)
                ));
            }
            (out, Some(e.kubectl_message(template)))
        }
    }
}

// ---------------------------------------------------------------- syntax

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Action(Pipe),
    If(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
}

#[derive(Clone, Debug, PartialEq)]
struct Pipe {
    /// Variables declared (`$x :=`, `$i, $e :=`).
    decl: Vec<String>,
    cmds: Vec<Vec<Arg>>,
    /// The action's text, for error messages (`at <.a.b>`).
    text: String,
    /// Where `text` starts in the template (errors say `output:LINE:COLUMN`).
    start: usize,
    line: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum Arg {
    /// `.a.b` (empty: `.`).
    Field(Vec<String>),
    /// `$x.a.b`.
    Var(String, Vec<String>),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Nil,
    Func(String),
    Sub(Box<Pipe>, Vec<String>),
}

const FUNCS: &[&str] = &[
    "and", "or", "not", "len", "index", "eq", "ne", "lt", "le", "gt", "ge", "print", "println",
    "printf",
];
/// Functions Go or kubectl define that this simulator does not run.
const UNSUPPORTED: &[&str] = &[
    "html",
    "js",
    "urlquery",
    "slice",
    "call",
    "exists",
    "base64decode",
];

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Field(Vec<String>),
    Var(String, Vec<String>),
    Str(String),
    Num(String),
    Ident(String),
    Pipe,
    Open,
    Close(Vec<String>),
    Declare,
    Comma,
}

/// One `{{…}}` or the text between.
enum Piece {
    Text(String),
    /// The text inside the braces, its line and its byte offset in the template.
    Action(String, usize, usize),
}

struct Parser<'t> {
    src: &'t str,
}

enum Block {
    If,
    With,
    Range,
}

struct Frame {
    kind: Block,
    pipe: Pipe,
    body: Vec<Node>,
    /// Set once `{{else}}` is seen: the body collected so far.
    then: Option<Vec<Node>>,
    /// `{{else if}}` chains close with the outer `{{end}}`: how many frames to pop.
    chained: bool,
}

impl<'t> Parser<'t> {
    fn new(src: &'t str) -> Self {
        Parser { src }
    }

    fn err(line: usize, m: impl std::fmt::Display) -> String {
        format!("template: output:{line}: {m}")
    }

    /// Splits the source into text and actions, applying `{{-`/`-}}` trimming.
    fn pieces(&self) -> Result<Vec<Piece>, String> {
        let s = self.src;
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        let mut trim_next = false;
        while i < s.len() {
            let open = s[i..].find("{{").map(|o| o + i);
            let mut text = &s[i..open.unwrap_or(s.len())];
            if trim_next {
                text = text.trim_start_matches([' ', '\t', '\r', '\n']);
            }
            let Some(open) = open else {
                out.push(Piece::Text(text.to_string()));
                break;
            };
            let line = 1 + s[..open].matches('\n').count();
            let mut j = open + 2;
            if b.get(j) == Some(&b'-') && matches!(b.get(j + 1), Some(b' ' | b'\t' | b'\r' | b'\n'))
            {
                text = text.trim_end_matches([' ', '\t', '\r', '\n']);
                j += 2;
            }
            if !text.is_empty() {
                out.push(Piece::Text(text.to_string()));
            }
            // Find the closing `}}` outside quotes and comments.
            let start = j;
            let mut end = None;
            let mut k = j;
            while k < b.len() {
                match b[k] {
                    b'"' | b'\'' => {
                        let q = b[k];
                        k += 1;
                        while k < b.len() && b[k] != q {
                            if b[k] == b'\\' {
                                k += 1;
                            }
                            if b[k.min(b.len() - 1)] == b'\n' {
                                return Err(Self::err(line, "unterminated quoted string"));
                            }
                            k += 1;
                        }
                        if k >= b.len() {
                            return Err(Self::err(line, "unterminated quoted string"));
                        }
                        k += 1;
                    }
                    b'`' => match s[k + 1..].find('`') {
                        Some(e) => k += e + 2,
                        None => return Err(Self::err(line, "unterminated raw quoted string")),
                    },
                    b'/' if b.get(k + 1) == Some(&b'*') => match s[k + 2..].find("*/") {
                        Some(e) => k += e + 4,
                        None => return Err(Self::err(line, "unclosed comment")),
                    },
                    b'}' if b.get(k + 1) == Some(&b'}') => {
                        end = Some(k);
                        break;
                    }
                    _ => k += 1,
                }
            }
            let Some(end) = end else {
                return Err(Self::err(line, "unclosed action"));
            };
            let mut inner = &s[start..end];
            trim_next = false;
            if inner.len() >= 2
                && inner.ends_with('-')
                && inner[..inner.len() - 1].ends_with([' ', '\t', '\r', '\n'])
            {
                inner = &inner[..inner.len() - 2];
                trim_next = true;
            }
            out.push(Piece::Action(inner.to_string(), line, start));
            i = end + 2;
        }
        Ok(out)
    }

    fn parse(&self) -> Result<Vec<Node>, String> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut top: Vec<Node> = Vec::new();
        let push = |stack: &mut Vec<Frame>, top: &mut Vec<Node>, n: Node| match stack.last_mut() {
            Some(f) => f.body.push(n),
            None => top.push(n),
        };
        for piece in self.pieces()? {
            let (inner, line, offset) = match piece {
                Piece::Text(t) => {
                    push(&mut stack, &mut top, Node::Text(t));
                    continue;
                }
                Piece::Action(a, l, o) => (a, l, o),
            };
            let trimmed = inner.trim();
            let base = offset + (inner.len() - inner.trim_start().len());
            // The byte offset in the template of a part of `trimmed`.
            let at = |part: &str| base + (part.as_ptr() as usize - trimmed.as_ptr() as usize);
            if trimmed.starts_with("/*") {
                if !trimmed.ends_with("*/") {
                    return Err(Self::err(line, "comment ends before closing delimiter"));
                }
                continue;
            }
            let toks = lex(trimmed).map_err(|m| Self::err(line, m))?;
            let keyword = match toks.first() {
                Some(Tok::Ident(k)) => k.as_str(),
                _ => "",
            };
            match keyword {
                "if" | "with" | "range" => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(Self::err(line, "template nested too deeply"));
                    }
                    let text = after_word(trimmed, 1);
                    let mut pipe = parse_pipe(&toks[1..], text, line, keyword)?;
                    set_start(&mut pipe, at(text));
                    let kind = match keyword {
                        "if" => Block::If,
                        "with" => Block::With,
                        _ => Block::Range,
                    };
                    stack.push(Frame {
                        kind,
                        pipe,
                        body: Vec::new(),
                        then: None,
                        chained: false,
                    });
                }
                "else" => {
                    let Some(f) = stack.last_mut() else {
                        return Err(Self::err(line, "unexpected {{else}}"));
                    };
                    if f.then.is_some() {
                        return Err(Self::err(line, "expected end; found {{else}}"));
                    }
                    f.then = Some(std::mem::take(&mut f.body));
                    if toks.len() > 1 {
                        // `{{else if …}}` / `{{else with …}}`: a nested block closed by the same end.
                        let kw = match &toks[1] {
                            Tok::Ident(k) if k == "if" || k == "with" => k.clone(),
                            _ => return Err(Self::err(line, "unexpected token in else")),
                        };
                        if stack.len() >= MAX_DEPTH {
                            return Err(Self::err(line, "template nested too deeply"));
                        }
                        let text = after_word(trimmed, 2);
                        let mut pipe = parse_pipe(&toks[2..], text, line, &kw)?;
                        set_start(&mut pipe, at(text));
                        stack.push(Frame {
                            kind: if kw == "if" { Block::If } else { Block::With },
                            pipe,
                            body: Vec::new(),
                            then: None,
                            chained: true,
                        });
                    }
                }
                "end" => {
                    if toks.len() > 1 {
                        return Err(Self::err(line, "unexpected token in end"));
                    }
                    loop {
                        let Some(f) = stack.pop() else {
                            return Err(Self::err(line, "unexpected {{end}}"));
                        };
                        let (then, els) = match f.then {
                            Some(t) => (t, f.body),
                            None => (f.body, Vec::new()),
                        };
                        let node = match f.kind {
                            Block::If => Node::If(f.pipe, then, els),
                            Block::With => Node::With(f.pipe, then, els),
                            Block::Range => Node::Range(f.pipe, then, els),
                        };
                        push(&mut stack, &mut top, node);
                        if !f.chained {
                            break;
                        }
                    }
                }
                "define" | "template" | "block" | "break" | "continue" => {
                    return Err(Self::err(
                        line,
                        format!("{{{{{keyword}}}}} is not supported by this simulator"),
                    ));
                }
                _ => {
                    let mut pipe = parse_pipe(&toks, trimmed, line, "command")?;
                    set_start(&mut pipe, base);
                    push(&mut stack, &mut top, Node::Action(pipe));
                }
            }
        }
        if !stack.is_empty() {
            let line = 1 + self.src.matches('\n').count();
            return Err(Self::err(line, "unexpected EOF"));
        }
        Ok(top)
    }
}

/// Records where a pipeline's text starts, in it and in its parenthesized parts
/// (which share its text).
fn set_start(p: &mut Pipe, start: usize) {
    p.start = start;
    for cmd in &mut p.cmds {
        for a in cmd {
            if let Arg::Sub(sub, _) = a {
                set_start(sub, start);
            }
        }
    }
}

/// `text` without its first `n` words (`if`, `else if`): the pipeline Go names in errors.
fn after_word(text: &str, n: usize) -> &str {
    let mut t = text;
    for _ in 0..n {
        t = t.trim_start();
        t = &t[t.find(char::is_whitespace).unwrap_or(t.len())..];
    }
    t.trim()
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `.a.b` into `["a", "b"]` (`.` alone is empty).
fn field_chain(s: &str) -> Result<Vec<String>, String> {
    if s == "." {
        return Ok(Vec::new());
    }
    let Some(rest) = s.strip_prefix('.') else {
        return Err(format!("bad character in field {s}"));
    };
    let parts: Vec<String> = rest.split('.').map(str::to_string).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(is_ident_char))
    {
        return Err(format!("bad character in field {s}"));
    }
    Ok(parts)
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let cs: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let word_end = |mut j: usize| {
        while j < cs.len() && (is_ident_char(cs[j]) || cs[j] == '.') {
            j += 1;
        }
        j
    };
    while i < cs.len() {
        let c = cs[i];
        match c {
            ' ' | '\t' | '\r' | '\n' => i += 1,
            '|' => {
                out.push(Tok::Pipe);
                i += 1;
            }
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                let e = word_end(i + 1);
                let chain: String = cs[i + 1..e].iter().collect();
                let fields = if chain.is_empty() {
                    Vec::new()
                } else {
                    field_chain(&chain)?
                };
                out.push(Tok::Close(fields));
                i = e;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            ':' if cs.get(i + 1) == Some(&'=') => {
                out.push(Tok::Declare);
                i += 2;
            }
            '=' => return Err("assignment to variables is not supported by this simulator".into()),
            '.' if cs.get(i + 1).is_none_or(|c| !c.is_ascii_digit()) => {
                let e = word_end(i + 1);
                let text: String = cs[i..e].iter().collect();
                out.push(Tok::Field(field_chain(&text)?));
                i = e;
            }
            '$' => {
                let mut e = i + 1;
                while e < cs.len() && is_ident_char(cs[e]) {
                    e += 1;
                }
                let name: String = cs[i..e].iter().collect();
                let f = word_end(e);
                let chain: String = cs[e..f].iter().collect();
                let fields = if chain.is_empty() {
                    Vec::new()
                } else {
                    field_chain(&chain)?
                };
                out.push(Tok::Var(name, fields));
                i = f;
            }
            '"' => {
                let mut j = i + 1;
                let mut text = String::new();
                loop {
                    match cs.get(j) {
                        None | Some('\n') => return Err("unterminated quoted string".into()),
                        Some('"') => break,
                        Some('\\') => {
                            let e = cs.get(j + 1).copied();
                            j += 2;
                            match e {
                                Some('n') => text.push('\n'),
                                Some('t') => text.push('\t'),
                                Some('r') => text.push('\r'),
                                Some('\\') => text.push('\\'),
                                Some('"') => text.push('"'),
                                Some('\'') => text.push('\''),
                                Some('a') => text.push('\u{7}'),
                                Some('b') => text.push('\u{8}'),
                                Some('f') => text.push('\u{c}'),
                                Some('v') => text.push('\u{b}'),
                                Some('x') | Some('u') | Some('U') => {
                                    let n = match e {
                                        Some('x') => 2,
                                        Some('u') => 4,
                                        _ => 8,
                                    };
                                    let hex: String =
                                        cs.get(j..j + n).unwrap_or(&[]).iter().collect();
                                    let ch = u32::from_str_radix(&hex, 16)
                                        .ok()
                                        .filter(|_| hex.len() == n)
                                        .and_then(char::from_u32)
                                        .ok_or_else(|| format!("invalid syntax: {s}"))?;
                                    text.push(ch);
                                    j += n;
                                }
                                _ => return Err(format!("invalid syntax: {s}")),
                            }
                        }
                        Some(&ch) => {
                            text.push(ch);
                            j += 1;
                        }
                    }
                }
                out.push(Tok::Str(text));
                i = j + 1;
            }
            '`' => {
                let mut j = i + 1;
                while j < cs.len() && cs[j] != '`' {
                    j += 1;
                }
                if j >= cs.len() {
                    return Err("unterminated raw quoted string".into());
                }
                out.push(Tok::Str(cs[i + 1..j].iter().collect()));
                i = j + 1;
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                let mut j = i + 1;
                while j < cs.len()
                    && (cs[j].is_ascii_alphanumeric() || matches!(cs[j], '.' | '_' | '+' | '-'))
                {
                    j += 1;
                }
                out.push(Tok::Num(cs[i..j].iter().collect()));
                i = j;
            }
            c if is_ident_char(c) => {
                let mut j = i;
                while j < cs.len() && is_ident_char(cs[j]) {
                    j += 1;
                }
                out.push(Tok::Ident(cs[i..j].iter().collect()));
                i = j;
            }
            c => return Err(format!("unexpected {c:?} in command")),
        }
    }
    Ok(out)
}

fn parse_pipe(toks: &[Tok], text: &str, line: usize, ctx: &str) -> Result<Pipe, String> {
    let err = |m: String| Parser::err(line, m);
    let mut decl = Vec::new();
    let mut rest = toks;
    // `$x :=` or `$i, $e :=`.
    if let Some(p) = toks.iter().position(|t| *t == Tok::Declare) {
        for (n, t) in toks[..p].iter().enumerate() {
            match t {
                Tok::Var(v, f) if f.is_empty() && n % 2 == 0 => decl.push(v.clone()),
                Tok::Comma if n % 2 == 1 => {}
                _ => return Err(err(format!("unexpected {t:?} in {ctx}"))),
            }
        }
        if decl.is_empty() || decl.len() > 2 || (decl.len() == 2 && ctx != "range") {
            return Err(err(format!("too many declarations in {ctx}")));
        }
        rest = &toks[p + 1..];
    }
    let mut pos = 0;
    let pipe = parse_cmds(rest, &mut pos, text, line, 0)?;
    if pos != rest.len() {
        return Err(err("unexpected \")\" in operand".into()));
    }
    if pipe.cmds.is_empty() {
        return Err(err(format!("missing value for {ctx}")));
    }
    Ok(Pipe { decl, ..pipe })
}

fn parse_cmds(
    toks: &[Tok],
    pos: &mut usize,
    text: &str,
    line: usize,
    depth: usize,
) -> Result<Pipe, String> {
    let err = |m: String| Parser::err(line, m);
    if depth > MAX_DEPTH {
        return Err(err("template nested too deeply".into()));
    }
    let mut cmds: Vec<Vec<Arg>> = Vec::new();
    let mut cur: Vec<Arg> = Vec::new();
    while *pos < toks.len() {
        let t = &toks[*pos];
        *pos += 1;
        let arg = match t {
            Tok::Field(f) => Arg::Field(f.clone()),
            Tok::Var(v, f) => Arg::Var(v.clone(), f.clone()),
            Tok::Str(s) => Arg::Str(s.clone()),
            Tok::Num(n) => {
                parse_number(n).ok_or_else(|| err(format!("bad number syntax: {n:?}")))?
            }
            Tok::Ident(id) => match id.as_str() {
                "true" => Arg::Bool(true),
                "false" => Arg::Bool(false),
                "nil" => Arg::Nil,
                f if FUNCS.contains(&f) => Arg::Func(f.to_string()),
                f if UNSUPPORTED.contains(&f) => {
                    return Err(err(format!(
                        "function {f:?} is not supported by this simulator"
                    )))
                }
                f => return Err(err(format!("function {f:?} not defined"))),
            },
            Tok::Pipe => {
                if cur.is_empty() {
                    return Err(err("missing command".into()));
                }
                cmds.push(std::mem::take(&mut cur));
                continue;
            }
            Tok::Open => {
                let sub = parse_cmds(toks, pos, text, line, depth + 1)?;
                let Some(Tok::Close(fields)) = toks.get(*pos) else {
                    return Err(err("unclosed left paren".into()));
                };
                *pos += 1;
                if sub.cmds.is_empty() {
                    return Err(err("missing value for parenthesized pipeline".into()));
                }
                Arg::Sub(Box::new(sub), fields.clone())
            }
            Tok::Close(_) => {
                if depth == 0 {
                    return Err(err("unexpected \")\" in operand".into()));
                }
                *pos -= 1;
                break;
            }
            Tok::Declare | Tok::Comma => return Err(err(format!("unexpected {t:?} in operand"))),
        };
        if !cur.is_empty() && !matches!(cur[0], Arg::Func(_)) {
            return Err(err(format!(
                "can't give argument to non-function {}",
                show_arg(&cur[0])
            )));
        }
        cur.push(arg);
    }
    if !cur.is_empty() {
        cmds.push(cur);
    } else if !cmds.is_empty() {
        return Err(err("missing command".into()));
    }
    Ok(Pipe {
        decl: Vec::new(),
        cmds,
        text: text.to_string(),
        start: 0,
        line,
    })
}

fn parse_number(n: &str) -> Option<Arg> {
    if let Ok(i) = n.parse::<i64>() {
        return Some(Arg::Int(i));
    }
    if let Some(h) = n.strip_prefix("0x") {
        return i64::from_str_radix(h, 16).ok().map(Arg::Int);
    }
    let f: f64 = n.parse().ok()?;
    f.is_finite().then_some(Arg::Float(f))
}

fn show_arg(a: &Arg) -> String {
    match a {
        Arg::Field(f) => format!(".{}", f.join(".")),
        Arg::Var(v, f) if f.is_empty() => v.clone(),
        Arg::Var(v, f) => format!("{v}.{}", f.join(".")),
        Arg::Str(s) => format!("{s:?}"),
        Arg::Int(i) => i.to_string(),
        Arg::Float(f) => go_float(*f),
        Arg::Bool(b) => b.to_string(),
        Arg::Nil => "nil".into(),
        Arg::Func(f) => f.clone(),
        Arg::Sub(..) => "(…)".into(),
    }
}

// ---------------------------------------------------------------- evaluation

/// A value during execution: a part of the JSON tree or something a function made.
#[derive(Clone, Debug)]
enum V<'a> {
    /// Go's invalid value: a missing key, `nil`, a JSON null.
    Missing,
    Ref(&'a Value),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

#[derive(PartialEq, Clone, Copy, Debug)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    Str,
    Map,
    Slice,
}

impl V<'_> {
    fn kind(&self) -> Kind {
        match self {
            V::Missing | V::Ref(Value::Null) => Kind::Invalid,
            V::Ref(Value::Bool(_)) | V::Bool(_) => Kind::Bool,
            V::Ref(Value::Number(_)) | V::Float(_) => Kind::Float,
            V::Int(_) => Kind::Int,
            V::Ref(Value::String(_)) | V::Str(_) => Kind::Str,
            V::Ref(Value::Object(_)) => Kind::Map,
            V::Ref(Value::Array(_)) => Kind::Slice,
        }
    }

    fn type_name(&self) -> &'static str {
        match self.kind() {
            Kind::Invalid => "<nil>",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Float => "float64",
            Kind::Str => "string",
            Kind::Map => "map[string]interface {}",
            Kind::Slice => "[]interface {}",
        }
    }

    fn truth(&self) -> bool {
        match self {
            V::Missing => false,
            V::Ref(v) => match v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                Value::Object(m) => !m.is_empty(),
            },
            V::Str(s) => !s.is_empty(),
            V::Int(i) => *i != 0,
            V::Float(f) => *f != 0.0,
            V::Bool(b) => *b,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            V::Ref(Value::String(s)) => Some(s),
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            V::Ref(Value::Number(n)) => n.as_f64(),
            V::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// As `fmt.Print` writes it at top level.
    fn print(&self) -> String {
        match self {
            V::Missing | V::Ref(Value::Null) => "<no value>".into(),
            V::Ref(v) => go_value(v, false),
            V::Str(s) => s.clone(),
            V::Int(i) => i.to_string(),
            V::Float(f) => go_float(*f),
            V::Bool(b) => b.to_string(),
        }
    }
}

/// `fmt.Print` of a decoded Go value. `ints`: numbers without a fraction are int64
/// (unstructured objects, custom-columns) rather than float64 (`json.Unmarshal`).
pub(crate) fn go_value(v: &Value, ints: bool) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if ints && (n.is_i64() || n.is_u64()) => n.to_string(),
        Value::Number(n) => go_float(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => s.clone(),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(|e| go_value(e, ints)).collect();
            format!("[{}]", parts.join(" "))
        }
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::sort(&mut keys);
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{k}:{}", go_value(&m[*k], ints)))
                .collect();
            format!("map[{}]", parts.join(" "))
        }
    }
}

/// A float64 as Go's `%v` prints it (`strconv` 'g' with shortest digits): exponent
/// form when the decimal exponent is below -4 or at least 6 (`1e+06`, `1e-05`).
pub(crate) fn go_float(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let sci = format!("{f:e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        format!("{f}")
    }
}

struct Exec<'a, 's> {
    src: &'s str,
    out: String,
    vars: Vec<(String, V<'a>)>,
}

/// Go's execution error: where the node is (`LINE:COLUMN`, the column a byte offset
/// from the line's start) and what it is.
fn at(src: &str, p: &Pipe, node: &str, m: impl std::fmt::Display) -> String {
    let pos = (p.start + p.text.find(node).unwrap_or(0)).min(src.len());
    let before = src.get(..pos).unwrap_or("");
    let line = 1 + before.matches('\n').count();
    let col = before.rfind('\n').map_or(pos, |i| pos - i - 1);
    format!("template: output:{line}:{col}: executing \"output\" at <{node}>: {m}")
}

fn show_cmd(cmd: &[Arg]) -> String {
    cmd.iter().map(show_arg).collect::<Vec<_>>().join(" ")
}

impl<'a> Exec<'a, '_> {
    fn run(&mut self, nodes: &[Node], dot: V<'a>) -> Result<(), String> {
        for n in nodes {
            if self.out.len() > MAX_OUTPUT {
                return Err(format!("template output exceeds {} bytes", MAX_OUTPUT));
            }
            match n {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(p) => {
                    let v = self.pipe(p, &dot)?;
                    if p.decl.is_empty() {
                        self.out.push_str(&v.print());
                    } else {
                        self.vars.push((p.decl[0].clone(), v));
                    }
                }
                Node::If(p, then, els) | Node::With(p, then, els) => {
                    let mark = self.vars.len();
                    let v = self.pipe(p, &dot)?;
                    if let Some(name) = p.decl.first() {
                        self.vars.push((name.clone(), v.clone()));
                    }
                    let is_with = matches!(n, Node::With(..));
                    if v.truth() {
                        self.run(then, if is_with { v } else { dot.clone() })?;
                    } else {
                        self.run(els, dot.clone())?;
                    }
                    self.vars.truncate(mark);
                }
                Node::Range(p, body, els) => {
                    let v = self.pipe(p, &dot)?;
                    let items: Vec<(V<'a>, V<'a>)> = match v {
                        V::Ref(Value::Array(a)) => a
                            .iter()
                            .enumerate()
                            .map(|(i, e)| (V::Int(i as i64), V::Ref(e)))
                            .collect(),
                        V::Ref(Value::Object(m)) => {
                            let mut keys: Vec<&'a String> = m.keys().collect();
                            crate::sort::sort(&mut keys);
                            keys.into_iter()
                                .map(|k| (V::Str(k.clone()), V::Ref(&m[k])))
                                .collect()
                        }
                        V::Missing | V::Ref(Value::Null) => Vec::new(),
                        other => {
                            let node = p.cmds.last().map_or(String::new(), |c| show_arg(&c[0]));
                            return Err(at(
                                self.src,
                                p,
                                &node,
                                format!("range can't iterate over {}", other.print()),
                            ));
                        }
                    };
                    if items.is_empty() {
                        self.run(els, dot.clone())?;
                        continue;
                    }
                    for (k, e) in items {
                        let mark = self.vars.len();
                        match p.decl.len() {
                            1 => self.vars.push((p.decl[0].clone(), e.clone())),
                            2 => {
                                self.vars.push((p.decl[0].clone(), k));
                                self.vars.push((p.decl[1].clone(), e.clone()));
                            }
                            _ => {}
                        }
                        let r = self.run(body, e);
                        self.vars.truncate(mark);
                        r?;
                    }
                }
            }
        }
        Ok(())
    }

    fn pipe(&self, p: &Pipe, dot: &V<'a>) -> Result<V<'a>, String> {
        let mut prev: Option<V<'a>> = None;
        for cmd in &p.cmds {
            prev = Some(self.command(p, cmd, dot, prev)?);
        }
        Ok(prev.unwrap_or(V::Missing))
    }

    fn command(
        &self,
        p: &Pipe,
        cmd: &[Arg],
        dot: &V<'a>,
        prev: Option<V<'a>>,
    ) -> Result<V<'a>, String> {
        if let Arg::Func(f) = &cmd[0] {
            let mut args = Vec::new();
            for a in &cmd[1..] {
                args.push(self.arg(p, a, dot)?);
            }
            args.extend(prev);
            return call(f, &args).map_err(|m| {
                at(
                    self.src,
                    p,
                    &show_cmd(cmd),
                    format!("error calling {f}: {m}"),
                )
            });
        }
        if prev.is_some() || cmd.len() > 1 {
            return Err(at(
                self.src,
                p,
                &show_arg(&cmd[0]),
                format!("can't give argument to non-function {}", show_arg(&cmd[0])),
            ));
        }
        self.arg(p, &cmd[0], dot)
    }

    fn arg(&self, p: &Pipe, a: &Arg, dot: &V<'a>) -> Result<V<'a>, String> {
        match a {
            Arg::Field(f) => fields(self.src, p, &show_arg(a), dot.clone(), f),
            Arg::Var(name, f) => {
                let Some((_, v)) = self.vars.iter().rev().find(|(n, _)| n == name) else {
                    return Err(at(self.src, p, name, format!("undefined variable: {name}")));
                };
                fields(self.src, p, &show_arg(a), v.clone(), f)
            }
            Arg::Str(s) => Ok(V::Str(s.clone())),
            Arg::Int(i) => Ok(V::Int(*i)),
            Arg::Float(f) => Ok(V::Float(*f)),
            Arg::Bool(b) => Ok(V::Bool(*b)),
            Arg::Nil => Err(at(self.src, p, "nil", "nil is not a command")),
            Arg::Func(f) => {
                call(f, &[]).map_err(|m| at(self.src, p, f, format!("error calling {f}: {m}")))
            }
            Arg::Sub(sub, f) => fields(self.src, p, &show_arg(a), self.pipe(sub, dot)?, f),
        }
    }
}

fn fields<'a>(
    src: &str,
    p: &Pipe,
    node: &str,
    mut v: V<'a>,
    chain: &[String],
) -> Result<V<'a>, String> {
    for name in chain {
        v = match v {
            V::Missing => V::Missing,
            V::Ref(Value::Object(m)) => m.get(name).map_or(V::Missing, V::Ref),
            V::Ref(Value::Null) => {
                return Err(at(
                    src,
                    p,
                    node,
                    format!("nil pointer evaluating interface {{}}.{name}"),
                ))
            }
            other => {
                return Err(at(
                    src,
                    p,
                    node,
                    format!("can't evaluate field {name} in type {}", other.type_name()),
                ))
            }
        };
    }
    Ok(v)
}

fn call<'a>(f: &str, args: &[V<'a>]) -> Result<V<'a>, String> {
    let want = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!(
                "wrong number of args for {f}: want {n} got {}",
                args.len()
            ))
        }
    };
    match f {
        "and" | "or" => {
            if args.is_empty() {
                return Err(format!(
                    "wrong number of args for {f}: want at least 1 got 0"
                ));
            }
            let stop = |v: &V| if f == "and" { !v.truth() } else { v.truth() };
            Ok(args
                .iter()
                .find(|v| stop(v))
                .unwrap_or(&args[args.len() - 1])
                .clone())
        }
        "not" => {
            want(1)?;
            Ok(V::Bool(!args[0].truth()))
        }
        "len" => {
            want(1)?;
            match &args[0] {
                V::Ref(Value::Array(a)) => Ok(V::Int(a.len() as i64)),
                V::Ref(Value::Object(m)) => Ok(V::Int(m.len() as i64)),
                v if v.as_str().is_some() => Ok(V::Int(v.as_str().unwrap_or("").len() as i64)),
                V::Missing | V::Ref(Value::Null) => Err("len of nil pointer".into()),
                v => Err(format!("len of type {}", v.type_name())),
            }
        }
        "index" => {
            if args.is_empty() {
                return Err("wrong number of args for index: want at least 1 got 0".into());
            }
            let mut v = args[0].clone();
            for key in &args[1..] {
                v = match (&v, key) {
                    (V::Ref(Value::Object(m)), k) => match k.as_str() {
                        Some(k) => m.get(k).map_or(V::Missing, V::Ref),
                        None => {
                            return Err(format!(
                                "value has type {}; should be string",
                                k.type_name()
                            ))
                        }
                    },
                    (V::Ref(Value::Array(a)), V::Int(i)) => {
                        match usize::try_from(*i).ok().and_then(|i| a.get(i)) {
                            Some(e) => V::Ref(e),
                            None => return Err(format!("index out of range: {i}")),
                        }
                    }
                    (V::Ref(Value::Array(_)), k) => {
                        return Err(format!(
                            "cannot index slice/array with type {}",
                            k.type_name()
                        ))
                    }
                    (V::Missing | V::Ref(Value::Null), _) => {
                        return Err("index of untyped nil".into())
                    }
                    (other, _) => {
                        return Err(format!("can't index item of type {}", other.type_name()))
                    }
                };
            }
            Ok(v)
        }
        "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
            if f == "eq" {
                if args.len() < 2 {
                    return Err("missing argument for comparison".into());
                }
                for b in &args[1..] {
                    if compare(&args[0], b)? == std::cmp::Ordering::Equal {
                        return Ok(V::Bool(true));
                    }
                }
                return Ok(V::Bool(false));
            }
            want(2)?;
            let o = compare(&args[0], &args[1])?;
            if matches!(args[0].kind(), Kind::Bool) && f != "ne" {
                return Err("invalid type for comparison".into());
            }
            use std::cmp::Ordering::*;
            Ok(V::Bool(match f {
                "ne" => o != Equal,
                "lt" => o == Less,
                "le" => o != Greater,
                "gt" => o == Greater,
                _ => o != Less,
            }))
        }
        "print" | "println" => {
            let parts: Vec<String> = args
                .iter()
                .map(|a| a.print().replace("<no value>", "<nil>"))
                .collect();
            if f == "println" {
                Ok(V::Str(parts.join(" ") + "\n"))
            } else {
                // Print adds spaces between operands when neither is a string.
                let mut s = String::new();
                for (i, a) in args.iter().enumerate() {
                    if i > 0 && a.as_str().is_none() && args[i - 1].as_str().is_none() {
                        s.push(' ');
                    }
                    s.push_str(&parts[i]);
                }
                Ok(V::Str(s))
            }
        }
        "printf" => {
            let Some(fmt) = args.first().and_then(V::as_str) else {
                return Err("printf needs a format string".into());
            };
            Ok(V::Str(printf(fmt, &args[1..])))
        }
        _ => Err(format!("function {f:?} not defined")),
    }
}

fn compare(a: &V, b: &V) -> Result<std::cmp::Ordering, String> {
    let (ka, kb) = (a.kind(), b.kind());
    if ka == Kind::Invalid || kb == Kind::Invalid {
        return Err("invalid type for comparison".into());
    }
    if ka != kb {
        return Err("incompatible types for comparison".into());
    }
    match ka {
        Kind::Bool => Ok(a.truth().cmp(&b.truth())),
        Kind::Int => match (a, b) {
            (V::Int(x), V::Int(y)) => Ok(x.cmp(y)),
            _ => Err("invalid type for comparison".into()),
        },
        Kind::Float => a
            .as_f64()
            .zip(b.as_f64())
            .and_then(|(x, y)| x.partial_cmp(&y))
            .ok_or_else(|| "invalid type for comparison".into()),
        Kind::Str => Ok(a.as_str().cmp(&b.as_str())),
        _ => Err("non-comparable type".into()),
    }
}

/// `printf` for the verbs people use on kubectl output: `%s %v %d %q %%`.
fn printf(fmt: &str, args: &[V]) -> String {
    let mut out = String::new();
    let mut it = fmt.chars();
    let mut next = args.iter();
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(verb) = it.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(a) = next.next() else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        let text = a.print().replace("<no value>", "<nil>");
        match verb {
            's' | 'v' => out.push_str(&text),
            'q' => out.push_str(&format!("{text:?}")),
            'd' => match a {
                V::Int(i) => out.push_str(&i.to_string()),
                _ => out.push_str(&format!("%!d({}={text})", a.type_name())),
            },
            _ => out.push_str(&format!("%!{verb}({}={text})", a.type_name())),
        }
    }
    let extra: Vec<String> = next
        .map(|a| format!("{}={}", a.type_name(), a.print()))
        .collect();
    if !extra.is_empty() {
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ds() -> Value {
        json!({
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {"name": "web", "labels": {"app": "web", "tier": "fe"}},
            "spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}},
            "status": {"numberReady": 3, "big": 1000000, "frac": 0.5, "tiny": 0.00001, "n": null},
        })
    }

    fn run(t: &str) -> String {
        execute(t, &ds()).unwrap()
    }

    #[test]
    fn non_ascii_after_a_field_is_an_error_not_a_panic() {
        // Found by the command-line fuzzer: a multi-byte character right after `)`.
        for t in [
            "{{(index .a 0)Жx}}",
            "{{$Ж.x}}",
            "{{.Ж}}",
            "{{Ж}}",
            "{{(.a)Ж.b}}",
        ] {
            let _ = execute(t, &ds());
            let _ = check(t);
        }
    }

    fn list() -> Value {
        json!({"apiVersion": "v1", "kind": "List", "items": [
            {"metadata": {"name": "a"}, "spec": {"nodeName": "node-1"}},
            {"metadata": {"name": "b"}, "spec": {"nodeName": "node-2"}},
        ]})
    }

    #[test]
    fn fields_and_literals() {
        assert_eq!(
            run("{{.spec.updateStrategy.type}}{{\"\\n\"}}"),
            "RollingUpdate\n"
        );
        assert_eq!(run("name={{.metadata.name}}"), "name=web");
        assert_eq!(run("{{`raw\\n`}}"), "raw\\n");
        assert_eq!(
            run("{{.nope}} {{.nope.deeper}} {{.status.n}}"),
            "<no value> <no value> <no value>"
        );
    }

    #[test]
    fn numbers_print_as_go() {
        assert_eq!(run("{{.status.numberReady}}"), "3");
        assert_eq!(run("{{.status.big}}"), "1e+06");
        assert_eq!(run("{{.status.frac}} {{.status.tiny}}"), "0.5 1e-05");
        assert_eq!(go_float(123456.0), "123456");
        assert_eq!(go_float(1234567.0), "1.234567e+06");
        assert_eq!(go_float(0.0001), "0.0001");
        assert_eq!(go_float(-2.5), "-2.5");
        assert_eq!(run("{{3}} {{len .metadata.labels}}"), "3 2");
    }

    #[test]
    fn maps_and_slices_print_as_go() {
        assert_eq!(run("{{.metadata.labels}}"), "map[app:web tier:fe]");
        let v = json!({"a": [1, "x", null, {"k": true}]});
        assert_eq!(execute("{{.a}}", &v).unwrap(), "[1 x <nil> map[k:true]]");
    }

    #[test]
    fn range_if_else_index_len() {
        let t = "{{range .items}}{{.metadata.name}}{{\"\\t\"}}{{.spec.nodeName}}{{\"\\n\"}}{{end}}";
        assert_eq!(execute(t, &list()).unwrap(), "a\tnode-1\nb\tnode-2\n");
        assert_eq!(execute("{{len .items}}", &list()).unwrap(), "2");
        assert_eq!(
            execute("{{range .none}}x{{else}}empty{{end}}", &list()).unwrap(),
            "empty"
        );
        assert_eq!(
            run("{{if .status.numberReady}}ready{{else}}not{{end}}"),
            "ready"
        );
        assert_eq!(
            run("{{if .nope}}a{{else if .metadata}}b{{else}}c{{end}}"),
            "b"
        );
        assert_eq!(run("{{index .metadata.labels \"app\"}}"), "web");
        assert_eq!(run("{{index .metadata.labels \"zzz\"}}"), "<no value>");
        assert_eq!(run("{{with .metadata}}{{.name}}{{end}}"), "web");
        assert_eq!(
            execute(
                "{{range $i, $p := .items}}{{$i}}:{{$p.metadata.name}} {{end}}",
                &list()
            )
            .unwrap(),
            "0:a 1:b "
        );
        assert_eq!(
            run("{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}"),
            "app=web;tier=fe;"
        );
        assert_eq!(
            execute("{{range .items}}{{$.kind}}{{end}}", &list()).unwrap(),
            "ListList"
        );
    }

    #[test]
    fn functions_and_pipes() {
        assert_eq!(run("{{if eq .metadata.name \"web\"}}yes{{end}}"), "yes");
        assert_eq!(
            run("{{if ne .metadata.name \"web\"}}yes{{else}}no{{end}}"),
            "no"
        );
        assert_eq!(run("{{if and .metadata (not .nope)}}ok{{end}}"), "ok");
        assert_eq!(run("{{.metadata.name | printf \"%s!\"}}"), "web!");
        assert_eq!(
            run("{{printf \"%d-%v\" (len .metadata.labels) .status.numberReady}}"),
            "2-3"
        );
        assert_eq!(run("{{if gt .status.numberReady 2.0}}many{{end}}"), "many");
        assert_eq!(run("{{(index .metadata.labels \"app\")}}"), "web");
        assert_eq!(run("{{(.metadata).name}}"), "web");
    }

    #[test]
    fn trimming_and_comments() {
        assert_eq!(run("a  {{- .metadata.name -}}  \n b"), "awebb");
        assert_eq!(run("a {{/* note */}}b"), "a b");
        assert_eq!(run("{{- /* note */ -}}  x"), "x");
        assert_eq!(run("{{-3}}"), "-3");
    }

    #[test]
    fn execution_errors() {
        let e = execute("{{if eq .status.numberReady 3}}x{{end}}", &ds()).unwrap_err();
        assert_eq!(
            e,
            TemplateError::Exec(
                "template: output:1:5: executing \"output\" at <eq .status.numberReady 3>: error calling eq: incompatible types for comparison".into()
            )
        );
        assert!(
            matches!(execute("a\n {{.metadata.name.x}}", &ds()), Err(TemplateError::Exec(m)) if m == "template: output:2:3: executing \"output\" at <.metadata.name.x>: can't evaluate field x in type string")
        );
        assert!(
            matches!(execute("{{len .status.numberReady}}", &ds()), Err(TemplateError::Exec(m)) if m.ends_with("len of type float64"))
        );
        assert!(matches!(
            execute("{{range .metadata.name}}{{end}}", &ds()),
            Err(TemplateError::Exec(_))
        ));
    }

    #[test]
    fn execution_errors_print_kubectl_debugging() {
        let v = json!({"a": "x", "b": 1});
        let (out, err) = kubectl_print("{{.a}} {{.a.c}}", &v);
        assert_eq!(
            out,
            "x Error executing template: template: output:1:9: executing \"output\" at <.a.c>: can't evaluate field c in type string. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{{.a}} {{.a.c}}\n\traw data was:\n\t\t{\"a\":\"x\",\"b\":1}\n\tobject given to template engine was:\n\t\tmap[a:x b:1]\n\n"
        );
        assert_eq!(
            err.unwrap(),
            "error: error executing template \"{{.a}} {{.a.c}}\": template: output:1:9: executing \"output\" at <.a.c>: can't evaluate field c in type string"
        );
    }

    #[test]
    fn parse_errors_read_as_go() {
        let p = |t: &str| match execute(t, &ds()) {
            Err(TemplateError::Parse(m)) => m,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(p("{{.a"), "template: output:1: unclosed action");
        assert_eq!(p("x\n{{if .a}}"), "template: output:2: unexpected EOF");
        assert_eq!(p("{{end}}"), "template: output:1: unexpected {{end}}");
        assert_eq!(
            p("{{\"abc}}"),
            "template: output:1: unterminated quoted string"
        );
        assert_eq!(
            p("{{foo .a}}"),
            "template: output:1: function \"foo\" not defined"
        );
        assert_eq!(
            p("{{html .a}}"),
            "template: output:1: function \"html\" is not supported by this simulator"
        );
        assert_eq!(p("{{}}"), "template: output:1: missing value for command");
        assert_eq!(
            p("{{.a .b}}"),
            "template: output:1: can't give argument to non-function .a"
        );
        assert_eq!(
            TemplateError::Parse(p("{{.a")).kubectl_message("{{.a"),
            "error: error parsing template {{.a, template: output:1: unclosed action"
        );
    }

    #[test]
    fn hostile_input_is_bounded() {
        let deep = "{{if .a}}".repeat(10_000) + &"{{end}}".repeat(10_000);
        assert!(
            matches!(execute(&deep, &ds()), Err(TemplateError::Parse(m)) if m.contains("nested too deeply"))
        );
        let parens = "{{".to_string() + &"(".repeat(10_000) + ".a" + &")".repeat(10_000) + "}}";
        assert!(matches!(
            execute(&parens, &ds()),
            Err(TemplateError::Parse(_))
        ));
        let big = "{{.metadata.name}}".repeat(60_000);
        assert!(big.len() > 1_000_000);
        assert_eq!(execute(&big, &ds()).unwrap().len(), 3 * 60_000);
        let unterminated = "x".repeat(1 << 20) + "{{ .a";
        assert!(
            matches!(execute(&unterminated, &ds()), Err(TemplateError::Parse(m)) if m.contains("unclosed action"))
        );
        // Output explosion stops with an error instead of exhausting memory.
        let items: Vec<Value> = (0..50).map(|i| json!(i)).collect();
        let v = json!({"items": items});
        let bomb = "{{range $.items}}".repeat(6)
            + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            + &"{{end}}".repeat(6);
        assert!(matches!(execute(&bomb, &v), Err(TemplateError::Exec(m)) if m.contains("exceeds")));
        for t in [
            "{{",
            "}}",
            "{{-",
            "{{- -}}",
            "{{(",
            "{{)}}",
            "{{$}}",
            "{{$x}}",
            "{{.a|}}",
            "{{|.a}}",
            "{{else}}",
            "{{range}}{{end}}",
            "{{\"\\",
            "{{'",
            "{{`",
            "{{/*",
        ] {
            let _ = execute(t, &ds());
        }
    }
}
