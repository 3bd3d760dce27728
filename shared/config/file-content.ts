/** The largest bindings file read: a real one is a few kilobytes, and every byte is parsed and echoed. */
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Why `bytes` cannot be a bindings file, or undefined. Checked before parsing so that a binary file or a
 * wrong path (a zip, an image) gets one short line instead of the parser's excerpt of garbage.
 */
export function fileBytesProblem(bytes: Uint8Array): string | undefined {
  const tooLarge = fileSizeProblem(bytes.length);
  if (tooLarge) return tooLarge;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'not a text file: it is not valid UTF-8; a bindings file is YAML or JSON text';
  }
  return undefined;
}

/** Why a file of `bytes` bytes is not read at all, or undefined. */
export function fileSizeProblem(bytes: number): string | undefined {
  return bytes > CONFIG_FILE_MAX_BYTES
    ? `the file is ${bytes} bytes; a bindings file may hold at most ${CONFIG_FILE_MAX_BYTES}`
    : undefined;
}

/** The same checks on text already decoded: size in UTF-16 units, control characters, lone surrogates. */
export function fileTextProblem(text: string): string | undefined {
  if (text.length > CONFIG_FILE_MAX_BYTES)
    return `the file is ${text.length} characters; a bindings file may hold at most ${CONFIG_FILE_MAX_BYTES}`;
  const index = firstNonTextIndex(text);
  if (index === undefined) return undefined;
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  const code = text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return `not a text file: character U+${code} at line ${line}, column ${column}; a bindings file is YAML or JSON text`;
}

/** The index of the first C0 control other than tab, LF and CR (YAML 1.2 allows these), DEL or lone surrogate. */
function firstNonTextIndex(text: string): number | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return i;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else return i;
    } else if (code >= 0xdc00 && code <= 0xdfff) return i;
  }
  return undefined;
}
