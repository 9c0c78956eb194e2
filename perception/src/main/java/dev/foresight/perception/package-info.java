/**
 * Frames to latents for live use: validates raw camera frames (RGB8/BGR8/MONO8, any size),
 * converts, resizes and normalises them per the model bundle, batches frames that wait together and
 * reports per-frame latency. Entry point: {@link dev.foresight.perception.FrameEncoder}.
 */
package dev.foresight.perception;
