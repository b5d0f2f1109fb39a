package io.eventline.cli.serve;

/** A request the API answers with a 4xx: the status, a short code for clients and a message for people. */
final class ApiError extends Exception {

    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "bad-request", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not-found", message);
    }
}
