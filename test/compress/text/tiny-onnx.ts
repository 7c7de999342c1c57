/**
 * Builds a tiny LLMLingua-2-shaped token classifier in-process: input_ids int64 [1, T] → Gather(table) → logits
 * float [1, T, 2] (drop, keep), so the classifier path is exercised without shipping a model. Hand-rolled protobuf.
 */
const enc = new TextEncoder();

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const key = (field: number, wire: number) => varint(field * 8 + wire);
const bytes = (field: number, b: number[] | Uint8Array) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, enc.encode(s));
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];

function valueInfo(name: string, elemType: number, dims: (number | string)[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

/** keep[i] = logit margin (keep − drop) for vocabulary id i. */
export function tinyClassifier(keep: number[]): Uint8Array {
  const data = new Float32Array(keep.flatMap((k) => [0, k]));
  const tensor = [...int(1, keep.length), ...int(1, 2), ...int(2, 1 /* FLOAT */), ...str(8, 'table'),
    ...bytes(9, new Uint8Array(data.buffer))];
  const node = [...str(1, 'table'), ...str(1, 'input_ids'), ...str(2, 'logits'), ...str(3, 'gather'), ...str(4, 'Gather')];
  const graph = [...bytes(1, node), ...str(2, 'tiny'), ...bytes(5, tensor),
    ...bytes(11, valueInfo('input_ids', 7 /* INT64 */, [1, 'T'])), ...bytes(12, valueInfo('logits', 1, [1, 'T', 2]))];
  return new Uint8Array([...int(1, 8), ...bytes(8, int(2, 13)), ...bytes(7, graph)]);
}

/** A WordPiece tokenizer.json over `words` (+ [UNK], [CLS], [SEP]) in the Hugging Face format. */
export function tinyTokenizer(words: string[]): object {
  const vocab: Record<string, number> = { '[UNK]': 0, '[CLS]': 1, '[SEP]': 2 };
  for (const w of words) vocab[w] = Object.keys(vocab).length;
  return {
    version: '1.0',
    added_tokens: [
      { id: 0, content: '[UNK]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      { id: 1, content: '[CLS]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      { id: 2, content: '[SEP]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ],
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [1], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [2], tokens: ['[SEP]'] } },
    },
    decoder: null,
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}
