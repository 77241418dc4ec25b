package io.chatkit.rest.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ChatSessionRepository extends JpaRepository<ChatSession, UUID> {

	String SUMMARY = "select new io.chatkit.rest.session.SessionSummary(s.id, s.userId, s.title, s.createdAt, s.updatedAt,"
			+ " (select count(m) from ChatMessage m where m.sessionId = s.id)) from ChatSession s ";

	@Query(SUMMARY + "where s.userId = :userId order by s.updatedAt desc, s.id desc")
	List<SessionSummary> findPage(String userId, Limit limit);

	@Query(SUMMARY
			+ "where s.userId = :userId and (s.updatedAt < :updatedAt or (s.updatedAt = :updatedAt and s.id < :id))"
			+ " order by s.updatedAt desc, s.id desc")
	List<SessionSummary> findPageAfter(String userId, Instant updatedAt, UUID id, Limit limit);

	@Query(SUMMARY + "where s.id = :id")
	@Nullable SessionSummary findSummary(UUID id);

	@Modifying
	@Query("delete from ChatSession s where s.id = :id")
	int deleteSession(UUID id);

	@Modifying
	@Query("update ChatSession s set s.threadCreatedAt = :now where s.id = :id and s.threadCreatedAt is null")
	int markThreadCreated(UUID id, Instant now);

}
