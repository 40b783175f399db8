"""Health checks for the platform's router and for operators."""

from flask import current_app
from flask.views import MethodView

from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.resources.health.schemas import LivenessSchema, ReadinessSchema
from exercise_tracker.services.health import readiness

# Probes may add a cache-busting query key (`?_=1733…`): a health check must not fail on it.
blp = Blueprint(
    "health", __name__, description="Liveness and readiness", refuse_unknown_query=False
)


@blp.route("/healthz")
class LivenessViews(MethodView):
    @blp.response(200, LivenessSchema)
    def get(self):
        """Liveness: the process answers

        Cheap and unauthenticated; touches nothing else.
        """
        return {"status": "ok"}


@blp.route("/readyz")
class ReadinessViews(MethodView):
    @blp.response(200, ReadinessSchema)
    @blp.alt_response(503, schema=ReadinessSchema, description="A part is not ready; named")
    def get(self):
        """Readiness: the database, the queue and (where videos are analysed) the model

        Answers 503 naming the failing part.
        """
        analyses_here = not current_app.config["REDIS_URL"]
        checks = readiness(analyses_here=analyses_here)
        ready = all(state == "ok" for state in checks.values())
        return {"status": "ready" if ready else "not ready", "checks": checks}, (
            200 if ready else 503
        )
