package dev.foresight.bridge;

import dev.foresight.config.Box;
import java.time.Duration;

/**
 * The limits an agent enforces, as its welcome announces them.
 *
 * @param workspaceInBase the box the end-effector target is kept in, metres, robot base frame
 * @param maxEeSpeedMps the configured end-effector speed limit, m/s
 * @param maxStepM the longest translation one command may ask for, m
 * @param maxRotationStepRad the largest rotation one command may ask for, rad
 * @param gripperMin the smallest gripper setpoint
 * @param gripperMax the largest gripper setpoint
 * @param controlRateHz the agent's control rate, Hz
 * @param watchdogTimeout how long the agent waits for a command or progress heartbeat
 * @param collaborative whether collaborative mode caps the speed
 * @param effectiveSpeedLimitMps the speed limit in force, m/s
 */
public record AgentLimits(
    Box workspaceInBase,
    double maxEeSpeedMps,
    double maxStepM,
    double maxRotationStepRad,
    double gripperMin,
    double gripperMax,
    double controlRateHz,
    Duration watchdogTimeout,
    boolean collaborative,
    double effectiveSpeedLimitMps) {}
