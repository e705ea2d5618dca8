package dev.aqueduct.web;

import dev.aqueduct.api.spi.HookVetoException;
import dev.aqueduct.core.http.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A lifecycle hook refused what a REST call was about to do: 403 problem+json with the hook's reason. */
@Provider
public class HookVetoExceptionMapper implements ExceptionMapper<HookVetoException> {

    @Override
    public Response toResponse(HookVetoException e) {
        return Response.status(403).type(Problem.MEDIA_TYPE).header("Cache-Control", "no-store")
                .entity(Problem.of(403, "vetoed", "Refused by a lifecycle hook",
                        e.getMessage() == null ? "refused" : e.getMessage()).toJson())
                .build();
    }
}
