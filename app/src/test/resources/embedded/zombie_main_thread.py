# Listens on a free port (printed), then ends its main thread while another thread keeps the process, and so
# the socket, alive for argv[1] seconds: the main thread shows as a zombie (Z) the whole time.
import ctypes, socket, sys, threading, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
def hold():
    time.sleep(float(sys.argv[1]))
threading.Thread(target=hold).start()
ctypes.CDLL(None).pthread_exit(None)
