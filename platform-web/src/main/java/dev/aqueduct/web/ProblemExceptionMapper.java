package dev.aqueduct.web;

import dev.aqueduct.core.http.Problem;
import dev.aqueduct.core.http.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders {@link ProblemException} as RFC 9457 problem+json. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException e) {
        Response.ResponseBuilder b = Response.status(e.problem().status())
                .type(Problem.MEDIA_TYPE).entity(e.problem().toJson()).header("Cache-Control", "no-store");
        e.headers().forEach(b::header);
        return b.build();
    }
}
