/**
 * Checkpoints as safetensors files.
 *
 * <h2>Why safetensors</h2>
 * It is the format PyTorch models are exchanged in, it is trivially simple (a length, a JSON header, raw
 * little-endian data) and, unlike pickle, reading it executes nothing. Our parameter names and layouts are PyTorch's,
 * so a learnedlr checkpoint loads into the equivalent PyTorch model and back.
 *
 * <h2>Why a hand-written JSON parser</h2>
 * The core depends only on the JDK. The header needs objects, arrays, strings and integers; a strict parser of a
 * few hundred lines that rejects anything malformed (duplicate keys included) is safer than a lenient one.
 *
 * <h2>Why so much validation</h2>
 * A checkpoint is read after crashes, copies and partial downloads. Every length is checked against the file before
 * anything is allocated from it; the data offsets must tile the data section exactly; every error names the file and
 * the tensor. Loading into a module validates names, shapes and dtypes (and the optimizer state) first, so a bad
 * file never leaves a half-loaded model. Writing goes to a temporary file that is forced to disk and renamed over
 * the target, so an interrupted write leaves the previous checkpoint intact.
 */
package org.learnedlr.nn.io;
