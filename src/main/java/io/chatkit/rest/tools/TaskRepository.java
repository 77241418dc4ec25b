package io.chatkit.rest.tools;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TaskRepository extends JpaRepository<Task, UUID> {

	@Query("select t from Task t where t.userId = :userId order by t.createdAt, t.id")
	List<Task> findByUser(String userId, Limit limit);

	@Query("select t from Task t where t.userId = :userId and t.completed = :completed order by t.createdAt, t.id")
	List<Task> findByUserAndCompleted(String userId, boolean completed, Limit limit);

	@Query("select t from Task t where t.userId = :userId and (:completed is null or t.completed = :completed)"
			+ " order by t.createdAt desc, t.id desc")
	List<Task> findPage(String userId, @Nullable Boolean completed, Limit limit);

	@Query("select t from Task t where t.userId = :userId and (:completed is null or t.completed = :completed)"
			+ " and (t.createdAt < :createdAt or (t.createdAt = :createdAt and t.id < :id))"
			+ " order by t.createdAt desc, t.id desc")
	List<Task> findPageAfter(String userId, @Nullable Boolean completed, Instant createdAt, UUID id, Limit limit);

	@Query("select t from Task t where t.id = :id and t.userId = :userId")
	Optional<Task> findOwned(UUID id, String userId);

}
