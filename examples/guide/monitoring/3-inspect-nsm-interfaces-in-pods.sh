# Exec into a client pod
kubectl exec -it client -- sh

# List all interfaces
ip addr show

# Check routing table
ip route show

# View NSM-specific routes
ip route show table all
