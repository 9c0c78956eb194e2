/**
 * Files in and out: NumPy {@code .npy}/{@code .npz} (the dataset and tensor interchange), PNG and
 * JPEG images from users, whole-file reads up to a named size, and atomic, durable writes.
 *
 * <p>Every reader here is bounded (a size budget, checked before anything is allocated from a value
 * the file declares) and reports a malformed file as one {@link java.io.IOException} line naming
 * the file, the bad value and what was expected ({@link dev.foresight.core.io.InvalidFileException}
 * carries the parts). Every writer goes through {@link dev.foresight.core.io.AtomicFiles}.
 */
package dev.foresight.core.io;
