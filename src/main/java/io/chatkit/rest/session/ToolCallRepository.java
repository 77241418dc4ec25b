package io.chatkit.rest.session;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ToolCallRepository extends JpaRepository<ToolCallRecord, UUID> {

	@Query("select t from ToolCallRecord t where t.messageId in :messageIds order by t.seq")
	List<ToolCallRecord> findByMessages(Collection<UUID> messageIds);

}
