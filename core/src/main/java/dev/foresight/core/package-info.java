/**
 * Foresight's shared vocabulary: actions, poses, images, observations and the {@link
 * dev.foresight.core.WorldModel} interface the planner searches in. Depends on nothing but the JDK,
 * so every other module can speak it. Units are SI everywhere (metres, radians, seconds) unless a
 * name says otherwise.
 */
package dev.foresight.core;
