#!/usr/bin/env python3
# Usage: proprio-task-state.py SRC_DATASET DST_DATASET  (needs numpy)
#
# Copies a recorded dataset with task_state = proprio x, y, z (the reach task's own task state:
# the end effector's position), so that `foresight model eval` can rank latent distances against it.
import json, os, sys, numpy as np
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
m = json.load(open(os.path.join(src, "manifest.json")))
for e in m["episodes"]:
    d = dict(np.load(os.path.join(src, e["file"])))
    d["task_state"] = d["proprio"][:, :3].copy()
    d["goal_task_state"] = d["goal_proprio"][:3].copy()
    np.savez(os.path.join(dst, e["file"]), **d)
m["taskStateNames"] = ["ee_x", "ee_y", "ee_z"]
json.dump(m, open(os.path.join(dst, "manifest.json"), "w"), indent=2)
