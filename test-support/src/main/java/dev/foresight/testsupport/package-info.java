/**
 * Test-only support shared by the modules' tests: Netty leak checks that fail the test class a leak
 * appears in, and contract tests that every implementation of a core interface extends ({@link
 * dev.foresight.testsupport.WorldModelContract}).
 */
package dev.foresight.testsupport;
