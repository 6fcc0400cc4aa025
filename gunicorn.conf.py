# Gunicorn reads this file from the working directory when it starts.
# Every value can still be overridden on the command line.
bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"
# The access log hides calendar-feed and password-reset tokens.
logger_class = "pvat.gunicorn_logging.SecretHidingLogger"
