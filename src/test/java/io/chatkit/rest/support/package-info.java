/**
 * What the tests share: the real PostgreSQL and Redis they run against, token minting,
 * and the JUnit extensions that start a class's services against the fake upstream
 * ({@link io.chatkit.rest.support.FakeUpstreamService}) or put a relay in front of Redis
 * ({@link io.chatkit.rest.support.RedisRelay}).
 */
package io.chatkit.rest.support;
