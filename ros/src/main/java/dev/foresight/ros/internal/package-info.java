/**
 * TCPROS and slave-API machinery behind {@link dev.foresight.ros.RosNode}: connection headers,
 * publications with bounded per-subscriber queues, subscriptions that follow the master's publisher
 * list, and the slave XML-RPC API. Not a public API.
 */
package dev.foresight.ros.internal;
