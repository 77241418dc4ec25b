package io.chatkit.rest.session;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ChatMessageRepository extends JpaRepository<ChatMessage, UUID> {

	@Query("select m from ChatMessage m where m.sessionId = :sessionId order by m.createdAt, m.seq")
	List<ChatMessage> findBySession(UUID sessionId);

}
