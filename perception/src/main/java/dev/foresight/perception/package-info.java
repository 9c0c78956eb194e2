/**
 * Frames to latents: validates raw camera frames (RGB8/BGR8/MONO8, any size) and encodes
 * observations and goals into latent states over a {@link dev.foresight.core.WorldModel} (the model
 * does the resize, normalisation and proprio packing its bundle prescribes). Entry points: {@link
 * dev.foresight.perception.Perception}, {@link dev.foresight.perception.Goal} (the goal-proprio
 * rule) and {@link dev.foresight.perception.RawFrame}.
 */
package dev.foresight.perception;
