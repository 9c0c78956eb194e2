/**
 * Results of seeded evaluation episodes and the reports made from them: {@code results.json}, a
 * self-contained {@code report.html} with plots, filmstrips of camera frames, and the merging of
 * shard outputs into one run.
 */
package dev.foresight.sim.report;
