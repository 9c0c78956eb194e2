/**
 * Small pure-Java {@link dev.foresight.core.WorldModel}s for tests, benchmarks and examples: a
 * point mass (latent = end-effector position), a linear model {@code z' = z + B a}, and an MLP with
 * the shape of the learned predictor and seeded random weights. They need no native code.
 */
package dev.foresight.planner.models;
