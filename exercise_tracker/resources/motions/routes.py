"""Motions API: the catalog of motions the analysis engine recognises."""

from flask.views import MethodView

from exercise_tracker.analysis.catalog import MOTIONS
from exercise_tracker.auth import login_required
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.resources.motions.schemas import MotionSchema

blp = Blueprint("motions", __name__, url_prefix="/api/v1/motions", description="The motion catalog")


@blp.route("/")
class MotionViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.response(200, MotionSchema(many=True))
    def get(self):
        """List the motions the analysis recognises

        Each with its key (what an exercise's `motion` names), name, tracked joints, the camera
        views it is best filmed from, and a description.
        """
        return list(MOTIONS)
