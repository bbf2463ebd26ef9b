// Entry of the lazily loaded editor bundle (www/vendor/codemirror.js), built by
// `node tests/e2e/build-editor.mjs` with esbuild from the exact versions pinned in
// tests/e2e/package.json (codemirror 6.0.2, @codemirror/lang-yaml, @codemirror/lint).
export { basicSetup } from "codemirror";
export { EditorView, keymap } from "@codemirror/view";
export { yaml } from "@codemirror/lang-yaml";
export { lintGutter, setDiagnostics } from "@codemirror/lint";
export { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
export { tags } from "@lezer/highlight";
