# Sample-submission baseline: hands in the task's own sample submission unchanged.
import os
import shutil

# the sandbox mounts; the variables only exist to run the program outside the sandbox (tests, debugging)
source = os.path.join(os.environ.get('BASELINE_DATA_DIR', '/data'), 'sample_submission.csv')
target = os.path.join(os.environ.get('BASELINE_WORKSPACE_DIR', '/workspace'), {{SUBMISSION_FILE}})
shutil.copyfile(source, target)
print('copied', source, 'to', target)
