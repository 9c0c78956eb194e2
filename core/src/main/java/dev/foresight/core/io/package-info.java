/**
 * Reading and writing NumPy {@code .npy}/{@code .npz} files: the dataset and tensor interchange.
 */
package dev.foresight.core.io;
