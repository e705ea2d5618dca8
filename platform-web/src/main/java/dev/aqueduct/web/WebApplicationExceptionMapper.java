package dev.aqueduct.web;

import dev.aqueduct.core.http.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Renders the JAX-RS runtime's own errors (404, 405, 415, ...) as problem+json too. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.StatusType st = e.getResponse().getStatusInfo();
        Problem p = Problem.of(status, "http-" + status, st.getReasonPhrase(), e.getMessage());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p.toJson()).build();
    }
}
