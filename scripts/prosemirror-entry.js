// The parts of ProseMirror and markdown-it the answer editor uses (ui/richtext*.js), bundled
// into ui/vendor/prosemirror.js by scripts/bundle-ui.mjs: the packages come from npm
// (package-lock.json), the bundle is built, never committed.
export { EditorState, TextSelection, NodeSelection, Plugin, PluginKey } from 'prosemirror-state';
export { EditorView, Decoration, DecorationSet } from 'prosemirror-view';
export { Schema, DOMParser as ProseDOMParser, DOMSerializer, Fragment, Slice } from 'prosemirror-model';
export { MarkdownParser, MarkdownSerializer, MarkdownSerializerState } from 'prosemirror-markdown';
export { keymap } from 'prosemirror-keymap';
export { history, undo, redo, undoDepth } from 'prosemirror-history';
export { baseKeymap, toggleMark, chainCommands, setBlockType } from 'prosemirror-commands';
export { wrapInList, liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
export { default as MarkdownIt } from 'markdown-it';
