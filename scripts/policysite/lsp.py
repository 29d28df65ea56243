"""`policysite lsp`: a language server that shows `check`'s own problems in the editor as you type.

The editor schema (schema/policy.schema.json) gives completion and checks what a JSON Schema can
express; this server adds everything else `check` knows (references between clauses, unique ids,
the history, invisible characters, plain-language YAML mistakes), with the same messages at the
same places. It reads the unsaved text on every change; nothing is written.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .pipeline import check_text
from .problems import Problem, Severity
from .source.loader import display_name

SEVERITIES = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}


def diagnostic(problem: Problem, lines: list[str], own_file: str) -> types.Diagnostic:
    """A problem as an LSP diagnostic: 0-based positions in UTF-16 code units, to the end of the line."""
    location = problem.location
    if location.line <= 0 or location.line > len(lines) or location.file != own_file:
        start = end = types.Position(0, 0)
        prefix = "" if location.file == own_file else f"{location}: "
    else:
        text = lines[location.line - 1]
        column = max(location.column - 1, 0)
        start = types.Position(location.line - 1, _utf16(text[:column]))
        end = types.Position(location.line - 1, max(_utf16(text.rstrip()), start.character + 1))
        prefix = ""
    message = f"{problem.path}: {problem.message}" if problem.path else problem.message
    if problem.hint:
        message += f"\nhow to fix: {problem.hint}"
    return types.Diagnostic(types.Range(start, end), prefix + message, severity=SEVERITIES[problem.severity],
                            source="policysite")


def is_policy(path: Path) -> bool:
    """policy.yaml, or a copy named like it (policy-v1.1.yaml, policy.draft.yml)."""
    return path.name.lower().startswith("policy") and path.suffix.lower() in (".yaml", ".yml")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def make_server() -> LanguageServer:
    server = LanguageServer("policysite", metadata.version("policysite"),
                            text_document_sync_kind=types.TextDocumentSyncKind.Full)

    def publish(ls: LanguageServer, uri: str) -> None:
        document = ls.workspace.get_text_document(uri)
        path = Path(to_fs_path(uri) or document.path)
        # editors start the server for every YAML file: only policies are checked (mkdocs.yml is not one)
        problems = check_text(document.source, path) if is_policy(path) else []
        own = display_name(path)  # how check names the file in its problems
        lines = document.source.split("\n")
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=[diagnostic(p, lines, own) for p in problems]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri,
                                                                            diagnostics=[]))

    return server


def serve() -> None:
    """Speak LSP over standard input and output until the editor says exit."""
    make_server().start_io()
