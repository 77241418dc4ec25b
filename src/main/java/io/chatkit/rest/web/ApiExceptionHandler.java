package io.chatkit.rest.web;

import java.io.IOException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every exception that reaches the web layer to the error envelope. Bodies are
 * written directly, so the client's {@code Accept} header cannot turn an error into an
 * empty 406.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final ErrorResponseWriter writer;

	private final ServerErrorReporter reporter;

	ApiExceptionHandler(ErrorResponseWriter writer, ServerErrorReporter reporter) {
		this.writer = writer;
		this.reporter = reporter;
	}

	@ExceptionHandler(ApiException.class)
	void api(ApiException ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		ex.headers().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		write(request, response, ex.code(), ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	void invalidBody(MethodArgumentNotValidException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String message = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.findFirst()
			.map((error) -> error.getField() + " " + error.getDefaultMessage())
			.orElse("Request body is invalid");
		write(request, response, ErrorCode.VALIDATION_FAILED, message);
	}

	@ExceptionHandler(HandlerMethodValidationException.class)
	void invalidParameter(HandlerMethodValidationException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String message = ex.getParameterValidationResults()
			.stream()
			.findFirst()
			.map(ApiExceptionHandler::describe)
			.orElse("Request is invalid");
		write(request, response, ErrorCode.VALIDATION_FAILED, message);
	}

	private static String describe(ParameterValidationResult result) {
		String name = result.getMethodParameter().getParameterName();
		String reason = result.getResolvableErrors().isEmpty() ? "is invalid"
				: result.getResolvableErrors().get(0).getDefaultMessage();
		return name + " " + reason;
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	void typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (ex.getParameter().hasParameterAnnotation(PathVariable.class)) {
			write(request, response, ErrorCode.NOT_FOUND, "No such " + ex.getName() + ": not a UUID");
			return;
		}
		write(request, response, ErrorCode.VALIDATION_FAILED, ex.getName() + " has an invalid value");
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	void missingParameter(MissingServletRequestParameterException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		write(request, response, ErrorCode.VALIDATION_FAILED, ex.getParameterName() + " is required");
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	void unreadable(HttpMessageNotReadableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ApiException cause = findCause(ex, ApiException.class);
		if (cause != null) {
			api(cause, request, response);
			return;
		}
		String message = (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing"))
				? "Request body is missing" : "Request body is not valid JSON of the expected shape";
		write(request, response, ErrorCode.INVALID_REQUEST, message);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	void methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (ex.getSupportedHttpMethods() != null && !ex.getSupportedHttpMethods().isEmpty()) {
			response.setHeader("Allow",
					String.join(", ", ex.getSupportedHttpMethods().stream().map(Object::toString).toList()));
		}
		write(request, response, ErrorCode.METHOD_NOT_ALLOWED, "Method " + ex.getMethod() + " is not allowed here");
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	void unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		write(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	void notAcceptable(HttpMediaTypeNotAcceptableException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		write(request, response, ErrorCode.INVALID_REQUEST, "Accept header excludes the response type");
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	void notFound(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		write(request, response, ErrorCode.NOT_FOUND, "No such route");
	}

	@ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
			CannotGetJdbcConnectionException.class, QueryTimeoutException.class,
			SQLTransientConnectionException.class })
	void databaseUnavailable(Exception ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		logger.warn("Database unavailable: {}", ex.getClass().getSimpleName());
		write(request, response, ErrorCode.SERVICE_UNAVAILABLE, "The database is unavailable; try again shortly");
	}

	@ExceptionHandler(AsyncRequestNotUsableException.class)
	void clientGone(AsyncRequestNotUsableException ex) {
		logger.debug("Client went away before the response was written");
	}

	@ExceptionHandler(Exception.class)
	void unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (isDatabaseOutage(ex)) {
			databaseUnavailable(ex, request, response);
			return;
		}
		logger.error("Unhandled exception on {} {}", request.getMethod(), request.getRequestURI(), Redacted.of(ex));
		this.reporter.report(ex);
		write(request, response, ErrorCode.INTERNAL_ERROR, "Internal error");
	}

	private static boolean isDatabaseOutage(Throwable ex) {
		return findCause(ex, SQLTransientConnectionException.class) != null
				|| findCause(ex, java.net.ConnectException.class) != null
				|| findCause(ex, org.hibernate.exception.JDBCConnectionException.class) != null
				|| connectionStateInChain(ex) || (findCause(ex, org.hibernate.TransactionException.class) != null
						&& findCause(ex, java.sql.SQLException.class) != null);
	}

	/**
	 * Whether an SQL error of class 08 (connection exception) is in the chain. A
	 * connection lost mid-transaction also surfaces as a rollback that failed in JDBC,
	 * with the original error replaced: both mean the database is out of reach.
	 */
	private static boolean connectionStateInChain(Throwable ex) {
		for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
					&& sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

	private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return null;
	}

	private void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
			throws IOException {
		if (code.status().is5xxServerError() && code != ErrorCode.INTERNAL_ERROR) {
			this.reporter.reportStatus(code, request);
		}
		this.writer.write(request, response, code, message);
	}

}
