/*
 * subtok.h - the C ABI of Subtok, a subword tokenizer library (libsubtok.so).
 *
 * Conventions
 *  - Every fallible call returns a status: SUBTOK_OK (0) or a SUBTOK_E_* code; then
 *    subtok_last_error() gives a message for the calling thread. No call aborts the process
 *    on bad input, NULL pointers included.
 *  - Text crosses as (const char *utf8, size_t len); (NULL, 0) is the empty text. Input that is
 *    not valid UTF-8 is rejected with SUBTOK_E_INVALID_UTF8 (the message gives the byte offset).
 *  - Offsets are byte offsets into the caller's buffer: token i covers [start, end).
 *  - Results come either in caller buffers (a size query: SUBTOK_E_BUFFER_TOO_SMALL with the
 *    needed count written back) or as library-owned objects with a matching *_free call.
 *  - A failed call sets every out-pointer it was given to NULL and every count to 0 (except the
 *    needed count of SUBTOK_E_BUFFER_TOO_SMALL), so cleanup after a failure is always safe.
 *  - A flag bit this header does not define is SUBTOK_E_INVALID_ARGUMENT, in every call.
 *  - A loaded subtok_tokenizer is immutable: share it freely between threads.
 */
#ifndef SUBTOK_H
#define SUBTOK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SUBTOK_ABI_VERSION 1

/* The library version (the one place it is written: the Makefile, Swift and Python read it here). */
#define SUBTOK_VERSION_MAJOR 0
#define SUBTOK_VERSION_MINOR 1
#define SUBTOK_VERSION_PATCH 0
#define SUBTOK_VERSION "0.1.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, for comparisons in #if. */
#define SUBTOK_VERSION_NUMBER (SUBTOK_VERSION_MAJOR * 10000 + SUBTOK_VERSION_MINOR * 100 + SUBTOK_VERSION_PATCH)

enum subtok_status {
    SUBTOK_OK = 0,
    SUBTOK_E_INVALID_ARGUMENT = 1, /* NULL pointer, bad length, bad flag */
    SUBTOK_E_IO = 2,               /* file cannot be read or written */
    SUBTOK_E_FORMAT = 3,           /* malformed tokenizer file */
    SUBTOK_E_BUFFER_TOO_SMALL = 4, /* needed size written back */
    SUBTOK_E_OUT_OF_RANGE = 5,     /* id or index outside the vocabulary / encoding */
    SUBTOK_E_INVALID_UTF8 = 6,     /* input text is not UTF-8 */
    SUBTOK_E_UNSUPPORTED = 7,      /* file names a component this version lacks */
    SUBTOK_E_LIMIT = 8             /* input or file beyond a documented limit */
};

/* Flags for encode calls. */
#define SUBTOK_ADD_SPECIAL_TOKENS 1u  /* add the post-processor's special tokens ([CLS], <s>) */
#define SUBTOK_ALLOW_SPECIAL 2u       /* match special tokens even where the tokenizer reads them as
                                         text (tiktoken rank files: tiktoken's allowed_special="all") */
/* Flags for decode calls. */
#define SUBTOK_SKIP_SPECIAL_TOKENS 1u /* leave special tokens out of the text */
#define SUBTOK_DECODE_BYTES 2u        /* the tokens' raw bytes, which need not be valid UTF-8
                                         (byte-level tokenizers; tiktoken's decode_bytes) */

typedef struct subtok_tokenizer subtok_tokenizer;
typedef struct subtok_encoding subtok_encoding;
typedef struct subtok_trainer subtok_trainer;

/* The version of the loaded library, e.g. "0.1.0" (static storage), and as a number
   (SUBTOK_VERSION_NUMBER's form): compare them with the header's to detect a mismatch. */
const char *subtok_version(void);
unsigned subtok_version_number(void);
/* A constant description of a status code ("invalid argument", ...); "unknown status" for others. */
const char *subtok_status_string(int status);
/* The calling thread's message for its last failed call ("" if none). Valid until the next call. */
const char *subtok_last_error(void);

/* Loads a tokenizer from a file, by its content: a tiktoken rank file (whatever its name; the
   pattern and special tokens of cl100k_base, o200k_base, r50k_base, p50k_base come from the
   name, else from the number of tokens: Meta Llama 3's tokenizer.model, Qwen's qwen.tiktoken),
   tokenizer.json, Mistral tekken.json, GPT-2 vocab.json (with merges.txt beside it), BERT vocab.txt
   (any .txt), or a SentencePiece .model. A directory (a model snapshot) loads the first of
   tokenizer.json, tekken.json, tokenizer.model, spiece.model, sentencepiece.bpe.model, vocab.json,
   vocab.txt, *.tiktoken in it. */
int subtok_tokenizer_from_file(const char *path, subtok_tokenizer **out);
/* Flags for subtok_tokenizer_from_file_ex. */
#define SUBTOK_LOAD_CASED 1u /* BERT vocab.txt: keep case and accents (default: lowercase, strip accents) */
/* tiktoken rank files: the split pattern, in place of the one the name or size gives. */
#define SUBTOK_LOAD_PATTERN_GPT2 0x100u
#define SUBTOK_LOAD_PATTERN_CL100K 0x200u
#define SUBTOK_LOAD_PATTERN_O200K 0x300u
#define SUBTOK_LOAD_PATTERN_LLAMA3 0x400u
#define SUBTOK_LOAD_PATTERN_QWEN2 0x500u
#define SUBTOK_LOAD_PATTERN_MASK 0x700u /* the bits that hold one of the patterns above */
/* subtok_tokenizer_from_file with load flags. */
int subtok_tokenizer_from_file_ex(const char *path, uint32_t flags, subtok_tokenizer **out);
/* How subtok_tokenizer_from_file_v2 reads a file. Zero-initialize it and set `size` to
   sizeof(subtok_load_options): fields added later go at the end, and a library reads only the
   fields the caller's size covers. Strings and arrays are read during the call only. */
typedef struct subtok_load_options {
    size_t size;
    /* The file's kind, as the CLI's --type names it: NULL (by content, as subtok_tokenizer_from_file),
       "tokenizer-json", "tekken", "sentencepiece", "tiktoken", "bert-vocab", "gpt2-vocab" (vocab.json or
       encoder.json with merges.txt or vocab.bpe beside it) or "gguf": read as that kind whatever it looks like. */
    const char *kind;
    /* A rank file's split pattern: NULL (by its name or size), or "gpt2", "cl100k", "llama3", "qwen2",
       "qwen35", "o200k", "tekken". */
    const char *pattern;
    /* SUBTOK_LOAD_CASED or 0 (the pattern bits of _ex are refused here). */
    uint32_t flags;
    /* A rank file's special tokens, in place of those its name or size gives (as tiktoken's
       special_tokens): special_count NUL-terminated strings and their ids, each beyond the ranks.
       special_tokens NULL: the file's own. Refused for other kinds of file, which name their own. */
    const char *const *special_tokens;
    const uint32_t *special_ids;
    size_t special_count;
} subtok_load_options;
/* subtok_tokenizer_from_file with options (NULL: the defaults). SUBTOK_E_INVALID_ARGUMENT for an
   unknown kind or pattern, a size smaller than the first version's, or special tokens that
   collide with ranks or each other; a file that is not of its named kind is SUBTOK_E_FORMAT, the
   message saying what it was read as and what its content looked like. */
int subtok_tokenizer_from_file_v2(const char *path, const subtok_load_options *options, subtok_tokenizer **out);
/* Loads a tokenizer from tokenizer.json bytes in memory. */
int subtok_tokenizer_from_buffer(const char *data, size_t len, subtok_tokenizer **out);
/* Writes the tokenizer as tokenizer.json (written to a temporary file, then renamed). A tokenizer
   read from a SentencePiece .model is converted as the Hugging Face converters do (Unigram as
   tokenizers' from_spm, BPE as transformers' LlamaConverter); SUBTOK_E_UNSUPPORTED for a model
   with treat_whitespace_as_suffix or without escape_whitespaces. */
int subtok_tokenizer_save(const subtok_tokenizer *tok, const char *path);
/* The tokenizer.json text subtok_tokenizer_save would write, as a malloc'ed NUL-terminated string
   (*json, *len without the NUL); free it with subtok_string_free. On failure *json is NULL and
   *len 0. O(vocabulary size). */
int subtok_tokenizer_to_json(const subtok_tokenizer *tok, char **json, size_t *len);
/* Frees a tokenizer; NULL is ignored. */
void subtok_tokenizer_free(subtok_tokenizer *tok);

/* Truncation and padding. A tokenizer is immutable: these return a new tokenizer (sharing the
   model) in *out, to free with subtok_tokenizer_free like any other. */
enum subtok_truncation_strategy {
    SUBTOK_TRUNCATE_LONGEST_FIRST = 0,
    SUBTOK_TRUNCATE_ONLY_FIRST = 1,
    SUBTOK_TRUNCATE_ONLY_SECOND = 2
};
enum subtok_direction { SUBTOK_RIGHT = 0, SUBTOK_LEFT = 1 };
/* Encodings longer than max_length tokens (special tokens included) are cut; the rest becomes
   overflowing parts overlapping by stride tokens (see subtok_encoding_overflowing). A stride
   that is not 0 must be less than max_length, else SUBTOK_E_INVALID_ARGUMENT. */
int subtok_tokenizer_with_truncation(const subtok_tokenizer *tok, size_t max_length, size_t stride,
                                     int strategy, int direction, subtok_tokenizer **out);
int subtok_tokenizer_without_truncation(const subtok_tokenizer *tok, subtok_tokenizer **out);
/* Pads to `length` tokens, or with length 0 to the longest encoding of a batch, rounded up to a
   multiple of multiple_of (0: none). pad_token may be NULL for "[PAD]". */
int subtok_tokenizer_with_padding(const subtok_tokenizer *tok, size_t length, size_t multiple_of, uint32_t pad_id,
                                  uint32_t pad_type_id, const char *pad_token, int direction, subtok_tokenizer **out);
int subtok_tokenizer_without_padding(const subtok_tokenizer *tok, subtok_tokenizer **out);
/* Stochastic encodings (BPE with "dropout" in tokenizer.json, sampling below) draw a fresh seed per call; with a
   seed, each text's sample is a function of the seed and the text, in any order, thread or batch
   (change the seed per epoch for new samples). Deterministic models ignore it. */
int subtok_tokenizer_with_seed(const subtok_tokenizer *tok, uint64_t seed, subtok_tokenizer **out);
int subtok_tokenizer_without_seed(const subtok_tokenizer *tok, subtok_tokenizer **out);
/* Subword regularization for Unigram models, as sentencepiece's enable_sampling: nbest_size < 0
   samples from all segmentations, 2..512 among the nbest_size best, 0 or 1 turns it off; path
   scores are multiplied by alpha (>= 0) first. Draws follow the seed above. */
int subtok_tokenizer_with_sampling(const subtok_tokenizer *tok, double alpha, int nbest_size, subtok_tokenizer **out);
int subtok_tokenizer_without_sampling(const subtok_tokenizer *tok, subtok_tokenizer **out);

/* Added tokens, as tokenizers' add_tokens / add_special_tokens: json is an array of strings or of
   objects {"content": ..., "single_word", "lstrip", "rstrip", "normalized", "special": booleans}
   (tokenizers' AddedToken defaults). A token whose text already is an added token, or is empty,
   is skipped; one the model has keeps the model's id; others get the next ids. *out is the new
   tokenizer, *added (if not NULL) how many tokens were not skipped. Flags: 0 or
   SUBTOK_ADD_AS_SPECIAL (every token special, as add_special_tokens). */
#define SUBTOK_ADD_AS_SPECIAL 1u
int subtok_tokenizer_with_added_tokens(const subtok_tokenizer *tok, const char *json, size_t len, uint32_t flags,
                                       subtok_tokenizer **out, size_t *added);

/* Vocabulary size including added tokens. 0 for NULL. */
size_t subtok_vocab_size(const subtok_tokenizer *tok);
/* The model's own vocabulary size, without added tokens beyond it (tokenizers'
   get_vocab_size(with_added_tokens=False)). 0 for NULL. */
size_t subtok_model_vocab_size(const subtok_tokenizer *tok);
/* How many special tokens the post-processor adds to one text (is_pair 0) or a pair (is_pair
   nonzero) when special tokens are added: tokenizers' num_special_tokens_to_add. 0 for NULL. */
size_t subtok_num_special_tokens_to_add(const subtok_tokenizer *tok, int is_pair);
/* 1 when tok has a post-processor (tokenizer.json's post_processor, or one a file kind implies),
   else 0 (also for NULL). Without one, tokenizers counts a single text's every token as sequence 0. */
int subtok_tokenizer_has_post_processor(const subtok_tokenizer *tok);
/* The id of a token string (added tokens first). SUBTOK_E_OUT_OF_RANGE when absent. */
int subtok_token_to_id(const subtok_tokenizer *tok, const char *token, size_t len, uint32_t *id);
/* The token string of an id into buf (NUL-terminated); *len gets its length without the NUL.
   SUBTOK_E_BUFFER_TOO_SMALL if cap < *len + 1. */
int subtok_id_to_token(const subtok_tokenizer *tok, uint32_t id, char *buf, size_t cap, size_t *len);

/* Encodes to ids in a caller buffer of cap ids; *n gets the count. If cap is too small:
   SUBTOK_E_BUFFER_TOO_SMALL, ids untouched, *n = needed count. */
int subtok_encode_ids(const subtok_tokenizer *tok, const char *text, size_t len, uint32_t flags,
                      uint32_t *ids, size_t cap, size_t *n);
/* Encodes to a malloc'ed id array (*ids, *n); free it with subtok_ids_free. Single pass. */
int subtok_encode_ids_alloc(const subtok_tokenizer *tok, const char *text, size_t len, uint32_t flags,
                            uint32_t **ids, size_t *n);
void subtok_ids_free(uint32_t *ids);
/* The number of tokens text encodes to. */
int subtok_count(const subtok_tokenizer *tok, const char *text, size_t len, uint32_t flags, size_t *n);

/* Full encoding: ids, tokens, offsets, type ids, masks. Free with subtok_encoding_free. */
int subtok_encode(const subtok_tokenizer *tok, const char *text, size_t len, uint32_t flags,
                  subtok_encoding **out);
/* The same for a pair of texts (templates with $B). */
int subtok_encode_pair(const subtok_tokenizer *tok, const char *text, size_t len, const char *pair,
                       size_t pair_len, uint32_t flags, subtok_encoding **out);
/* Encodes n texts on `threads` threads (0 = one per CPU this process may use: affinity mask and cgroup quota). out must hold n pointers; on success
   each is an encoding to free with subtok_encoding_free. On failure none is left allocated and
   *failed_index (if not NULL) names the first text that failed. */
int subtok_encode_batch(const subtok_tokenizer *tok, const char *const *texts, const size_t *lens, size_t n,
                        uint32_t flags, size_t threads, subtok_encoding **out, size_t *failed_index);
/* subtok_encode_batch where text k is encoded with the pair pairs[k] (pair_lens[k] bytes) when
   pairs is not NULL and pairs[k] is not NULL, as subtok_encode_pair does; batch padding covers
   every encoding. pairs NULL: no pairs (pair_lens is then not read). Errors as
   subtok_encode_batch; an invalid pair names its index. */
int subtok_encode_batch_pairs(const subtok_tokenizer *tok, const char *const *texts, const size_t *lens,
                              const char *const *pairs, const size_t *pair_lens, size_t n, uint32_t flags,
                              size_t threads, subtok_encoding **out, size_t *failed_index);
void subtok_encoding_free(subtok_encoding *enc);
/* Ids only for n texts on `threads` threads, in one malloc'ed array: the ids of text k are
   (*ids)[(*starts)[k] ... (*starts)[k+1] - 1]; *starts has n + 1 entries. Free both with
   subtok_ids_free / subtok_offsets_free. Errors as subtok_encode_batch. */
int subtok_encode_batch_ids(const subtok_tokenizer *tok, const char *const *texts, const size_t *lens, size_t n,
                            uint32_t flags, size_t threads, uint32_t **ids, size_t **starts, size_t *failed_index);
void subtok_offsets_free(size_t *starts);

/* Encodes n inputs already split into words (tokenizers' is_pretokenized): each word goes
   through the normalizer, pre-tokenizer and model on its own, its tokens take its index as word
   id (subtok_encoding_word_ids) and offsets within the word. Input k is counts[2k] words and,
   unless counts[2k+1] is SIZE_MAX, a pair of counts[2k+1] words; the words of all inputs follow
   one another in words / lens. Truncation, post-processor and padding (batch padding over all
   n) as for texts. out, threads and errors as subtok_encode_batch; a word of invalid UTF-8
   names its input in *failed_index. O(total bytes). */
int subtok_encode_words_batch(const subtok_tokenizer *tok, const char *const *words, const size_t *lens,
                              const size_t *counts, size_t n, uint32_t flags, size_t threads, subtok_encoding **out,
                              size_t *failed_index);

/* Accessors: arrays of subtok_encoding_len(enc) elements, owned by enc. NULL/0 for a NULL enc. */
size_t subtok_encoding_len(const subtok_encoding *enc);
const uint32_t *subtok_encoding_ids(const subtok_encoding *enc);
const uint32_t *subtok_encoding_type_ids(const subtok_encoding *enc);
const uint32_t *subtok_encoding_attention_mask(const subtok_encoding *enc);
const uint32_t *subtok_encoding_special_tokens_mask(const subtok_encoding *enc);
/* 2 * len values: start0, end0, start1, end1, ... (byte offsets into the input). */
const size_t *subtok_encoding_offsets(const subtok_encoding *enc);
/* The input sequence of each token: 0 (first text), 1 (pair), -1 (added special or padding). */
const int32_t *subtok_encoding_sequence_ids(const subtok_encoding *enc);
/* The token string of token i (NUL-terminated, owned by enc); NULL if i is out of range. */
const char *subtok_encoding_token(const subtok_encoding *enc, size_t i);
/* The same with its length in *len, for tokens that contain NUL bytes. */
const char *subtok_encoding_token_bytes(const subtok_encoding *enc, size_t i, size_t *len);
/* The word id of each token of enc, an encoding of text (and pair; NULL and 0 for none) by tok
   with the same flags, written to out (subtok_encoding_len(enc) entries): word k of a text is
   the k-th non-empty piece its added tokens and pre-tokenizer cut it into, as tokenizers'
   Encoding.word_ids numbers them; -1 for added special tokens and padding. For an encoding of
   words (subtok_encode_words_batch), its words' indexes, whatever the text given. Re-runs the
   pipeline up to the model on the texts: O(len + pair_len + tokens). Errors: invalid UTF-8,
   SUBTOK_E_INVALID_ARGUMENT for NULL tok, enc or out, or unknown flags. */
int subtok_encoding_word_ids(const subtok_tokenizer *tok, const subtok_encoding *enc, const char *text, size_t len,
                             const char *pair, size_t pair_len, uint32_t flags, int32_t *out);
/* The parts cut off by truncation: their number, and part i (owned by enc: do not free). */
size_t subtok_encoding_overflowing_len(const subtok_encoding *enc);
const subtok_encoding *subtok_encoding_overflowing(const subtok_encoding *enc, size_t i);

/* Decodes ids to UTF-8 text in buf; *len gets the length without the NUL. Unknown ids:
   SUBTOK_E_OUT_OF_RANGE. SUBTOK_E_BUFFER_TOO_SMALL if cap < *len + 1. */
int subtok_decode(const subtok_tokenizer *tok, const uint32_t *ids, size_t n, uint32_t flags,
                  char *buf, size_t cap, size_t *len);
/* Decodes to a malloc'ed NUL-terminated string (*text, *len); free with subtok_string_free. */
int subtok_decode_alloc(const subtok_tokenizer *tok, const uint32_t *ids, size_t n, uint32_t flags,
                        char **text, size_t *len);
void subtok_string_free(char *text);

/* ---- Streaming decode ----
   Text as a model generates ids, one id at a time, with tokenizers' DecodeStream semantics: a
   step returns the text its id completes, or nothing while a character is still partial (half
   of a UTF-8 character in a byte-level token, a byte-fallback <0xC3>); a Metaspace "▁world"
   keeps its space. A stream is one sequence (give each its own); calls on one stream from
   several threads are serialized. */
typedef struct subtok_decode_stream subtok_decode_stream;
/* A new stream. flags: SUBTOK_SKIP_SPECIAL_TOKENS or 0. prefill: n ids already shown (a prompt)
   whose text no step returns; NULL with n 0 for none. */
int subtok_decode_stream_new(uint32_t flags, const uint32_t *prefill, size_t n, subtok_decode_stream **out);
/* Feeds one id, decoded with tok (the same tokenizer every step). *text gets the text it
   completes, NUL-terminated, in storage owned by the stream and valid until the next call on
   it; *len its length, 0 (and "") when it completes none yet. O(1) per step for text. An id
   outside the vocabulary is SUBTOK_E_OUT_OF_RANGE and leaves the stream as it was. */
int subtok_decode_stream_step(subtok_decode_stream *stream, const subtok_tokenizer *tok, uint32_t id,
                              const char **text, size_t *len);
/* The same for n ids at once (tokenizers' step with a list): the text they complete together. */
int subtok_decode_stream_step_ids(subtok_decode_stream *stream, const subtok_tokenizer *tok, const uint32_t *ids,
                                  size_t n, const char **text, size_t *len);
/* A new stream in the state stream is in now (to try two continuations of one sequence). */
int subtok_decode_stream_copy(const subtok_decode_stream *stream, subtok_decode_stream **out);
/* Frees a stream; NULL is ignored. */
void subtok_decode_stream_free(subtok_decode_stream *stream);

/* ---- Training ----
   A trainer learns a vocabulary from text. config is a JSON object:
     {"model": "bpe" | "byte-bpe" | "wordpiece" | "unigram", "vocab_size": N,
      optional: "min_frequency", "special_tokens": [...],
      "normalizer": a list of "nfc" | "nfkc" | "nfd" | "nfkd" | "lowercase" | "strip-accents" | "strip" |
                    "bert" | "bert-cased" | "collapse-spaces" | "none",
      "pre_tokenizer": "byte-level" | "cl100k" | "o200k" | "bert" | "whitespace" | "whitespace-split" |
                       "metaspace" | "none",
      "limit_alphabet", "max_token_length", "unk_token", "continuing_subword_prefix",
      "end_of_word_suffix", "character_coverage", "shrinking_factor", "byte_fallback",
      "threads" (0: all cores), "quiet" (no progress on stderr)}
   Unknown keys are SUBTOK_E_INVALID_ARGUMENT, and so is a Unigram "max_token_length" outside
   1..255 (characters; default 16). Calls on one trainer from several threads are
   serialized. Texts that are not valid UTF-8 are skipped (and counted in the progress). */
int subtok_trainer_new(const char *config, size_t len, subtok_trainer **out);
/* Adds one text (one sequence: nothing is split at newlines). */
int subtok_trainer_feed(subtok_trainer *trainer, const char *text, size_t len);
/* Adds every line of a file as one text, its line ending kept (as tokenizers reads files). */
int subtok_trainer_feed_file(subtok_trainer *trainer, const char *path);
/* A training run's progress: the phase ("count", "merge" or "unigram"), how far it is and out
   of how much (0: not known), and the line the CLI prints for it (both strings NUL-terminated,
   valid during the call). */
typedef void (*subtok_progress_fn)(void *context, const char *phase, uint64_t done, uint64_t total,
                                   const char *message);
/* Calls callback(context, ...) with each progress report of the run (at most about once a second,
   and at each phase's end, "quiet" or not), on the thread that feeds or finishes; NULL stops it. */
int subtok_trainer_set_progress(subtok_trainer *trainer, subtok_progress_fn callback, void *context);
/* Trains on everything fed and stores the new tokenizer in *out (free it with
   subtok_tokenizer_free). The trainer is spent afterwards: further calls fail. An empty corpus
   or a vocab_size too small for the special tokens is SUBTOK_E_INVALID_ARGUMENT. */
int subtok_trainer_finish(subtok_trainer *trainer, subtok_tokenizer **out);
void subtok_trainer_free(subtok_trainer *trainer);

#ifdef __cplusplus
}
#endif
#endif
