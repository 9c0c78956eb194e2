/**
 * Latent model-predictive planning: samplers (CEM, MPPI) that search action sequences by rolling
 * them forward through a {@link dev.foresight.core.WorldModel} and scoring the predicted latents
 * with a composable {@link dev.foresight.planner.Energy}.
 *
 * <p>Entry points: {@link dev.foresight.planner.Planners#create} builds a {@link
 * dev.foresight.planner.Planner} from {@link dev.foresight.planner.PlannerOptions} (which wrap the
 * config's {@code PlannerSettings}, {@link dev.foresight.planner.ActionBounds} derived from a
 * {@code RobotProfile}, and an energy). A planning tick returns a {@link
 * dev.foresight.planner.Plan}: the action sequence and its diagnostics. After warm-up a tick
 * allocates no memory: every buffer is sized once when the planner is built.
 */
package dev.foresight.planner;
